import { jsonCall } from './json-protocol.js';
import { createService, type ServiceOptions } from './transport.js';

/** The Secrets Manager calls PayPulse makes, over its JSON 1.1 protocol. */
export interface SecretsManager {
  getSecretValue(input: { SecretId: string }): Promise<{ SecretString?: string }>;
  putSecretValue(input: { SecretId: string; SecretString: string }): Promise<unknown>;
  createSecret(input: { Name: string; SecretString: string }): Promise<unknown>;
  deleteSecret(input: { SecretId: string; ForceDeleteWithoutRecovery?: boolean }): Promise<unknown>;
  restoreSecret(input: { SecretId: string }): Promise<unknown>;
  destroy(): void;
}

export function createSecretsManager(opts: Omit<ServiceOptions, 'service'>): SecretsManager {
  const service = createService({ ...opts, service: 'secretsmanager' });
  const op =
    <I, O>(name: string) =>
    async (input: I) =>
      JSON.parse((await jsonCall(service, '1.1', `secretsmanager.${name}`, input)) || '{}') as O;
  return {
    getSecretValue: op('GetSecretValue'),
    putSecretValue: op('PutSecretValue'),
    createSecret: op('CreateSecret'),
    deleteSecret: op('DeleteSecret'),
    restoreSecret: op('RestoreSecret'),
    destroy: () => service.destroy(),
  };
}
