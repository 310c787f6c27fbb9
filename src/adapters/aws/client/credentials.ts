import type { Credentials } from './sigv4.js';

export type CredentialSource = Credentials | (() => Promise<Credentials>);

/**
 * The credentials Lambda gives every function in its environment. Anything else (a profile, SSO,
 * a container role: the operator's CLI) passes its own source, e.g. the SDK's provider chain,
 * so the function bundles never carry that chain.
 */
export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): Credentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/** Resolves a source, reusing temporary credentials until five minutes before they expire. */
export function credentialCache(source: CredentialSource | undefined): () => Promise<Credentials> {
  if (source && typeof source === 'object') return async () => source;
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (c: Credentials) => !c.expiration || c.expiration.getTime() - Date.now() > 5 * 60_000;
  return async () => {
    if (current && fresh(current)) return current;
    pending ??= (async () => (source ? await source() : credentialsFromEnv()))().finally(() => (pending = undefined));
    current = await pending;
    return current;
  };
}
