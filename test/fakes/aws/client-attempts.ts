/**
 * Attempts our AWS clients make per call before giving up (src/adapters/aws/client/transport.ts:
 * 3, the SDK's default). A fault meant to fail a call, not just one attempt of it, is queued this
 * many times on a fake; a single 5xx is retried away.
 */
export const CLIENT_ATTEMPTS = 3;
