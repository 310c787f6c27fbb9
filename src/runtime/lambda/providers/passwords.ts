import { createPasswordHasher } from '../../../adapters/crypto/passwords.js';
import { provider } from '../provider.js';

export default provider('passwords', (ctx) => createPasswordHasher(ctx.config.bcryptCost));
