import type { Credentials } from '../adapters/aws/client/sigv4.js';

/**
 * An operator's credentials, found as the AWS CLI finds them (environment, profile, SSO, a
 * container or instance role), through the SDK's provider chain: loaded only by CLI commands
 * that reach AWS, never by a function bundle.
 */
let chain: (() => Promise<Credentials>) | undefined;
export async function operatorCredentials(): Promise<Credentials> {
  if (!chain) {
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    chain = defaultProvider();
  }
  return chain();
}
