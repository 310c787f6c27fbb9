import { createSecretsTokenVault } from '../../../adapters/aws/token-vault.js';
import { secretsClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('tokens', (ctx) =>
  createSecretsTokenVault({ client: secretsClient(), prefix: ctx.config.secrets.gmailTokenPrefix }),
);
