/**
 * Secrets Manager for the token vault tests: our client pointed at the JSON 1.1 fake on 127.0.0.1
 * (test/fakes/aws/secrets-manager.ts), which checks the signature and answers like the service:
 * ResourceNotFoundException for a missing secret, InvalidRequestException while a secret is
 * scheduled for deletion, ResourceExistsException on a second create, and ForceDeleteWithoutRecovery
 * accepting a missing secret.
 */
import type { SecretsManager } from '../../src/adapters/aws/client/secrets-manager.js';
import { createSecretsClient } from '../../src/adapters/aws/clients.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../fakes/aws/secrets-manager.js';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const region = 'eu-west-1';

export interface SecretsManagerHarness extends FakeSecretsManager {
  client: SecretsManager;
}

export async function startSecretsManager(initial: Record<string, string> = {}): Promise<SecretsManagerHarness> {
  const fake = await startFakeSecretsManager(initial, { credentials, region });
  const client = createSecretsClient({ region, endpoints: { secretsManager: fake.endpoint }, credentials });
  return {
    ...fake,
    client,
    async close() {
      client.destroy();
      await fake.close();
    },
  };
}
