import { createGoogleIdentity } from '../../../adapters/google/identity.js';
import { provider } from '../provider.js';

export default provider('google', (ctx) =>
  createGoogleIdentity({ userinfoUrl: ctx.config.google.userinfoUrl, revokeUrl: ctx.config.google.revokeUrl }),
);
