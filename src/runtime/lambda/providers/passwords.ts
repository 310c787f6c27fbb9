import { createPasswordHasher } from '../../../app/auth/passwords.js';
import { provider } from '../provider.js';

export default provider('passwords', (ctx) => createPasswordHasher(ctx.config.bcryptCost));
