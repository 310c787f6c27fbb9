import { createJwtService } from '../../../adapters/crypto/jwt.js';
import { provider } from '../provider.js';

/** The key comes from Secrets Manager at cold start (docs/compatibility.md#d12), never from the environment. */
export default provider('jwt', (ctx) => {
  if (!ctx.secrets.jwtKey) throw new Error(`${ctx.spec.name}: the JWT key was not loaded (the jwt secret is not granted)`);
  return createJwtService({
    key: ctx.secrets.jwtKey,
    issuer: ctx.config.jwt.issuer,
    audience: ctx.config.jwt.audience,
    ttlSeconds: ctx.config.jwt.ttlSeconds,
    clock: ctx.clock,
    ...(ctx.secrets.legacyJwtKey ? { legacyKey: ctx.secrets.legacyJwtKey } : {}),
  });
});
