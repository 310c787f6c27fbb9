import path from 'node:path';
import { createJwtService } from '../../app/auth/jwt.js';
import { createPasswordHasher } from '../../app/auth/passwords.js';
import type { Deps } from '../../app/deps.js';
import { gmailTokensEraser } from '../../app/users/erasers.js';
import { createGoogleIdentity } from '../../adapters/google/identity.js';
import { loadOrCreateKey } from '../../adapters/local/keys.js';
import { createMemoryLoginLimiter, failureLimit } from '../../adapters/local/login-limiter.js';
import { openDatabase, type Db } from '../../adapters/local/sqlite.js';
import { createTokenFile } from '../../adapters/local/token-file.js';
import { createSqliteUsers, usersSchema } from '../../adapters/local/users.js';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { createLogger, type Logger } from '../log.js';

export interface LocalDeps extends Deps {
  db: Db;
  close(): void;
}

/**
 * The embedded default: SQLite, files under the data directory, keys generated on first start.
 * `overrides` lets tests swap the clock or the logger.
 */
export function createLocalDeps(config: Config, overrides: { clock?: Clock; log?: Logger } = {}): LocalDeps {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger({ level: config.logLevel });
  const db = openDatabase(config.dataDir, [usersSchema]);
  const users = createSqliteUsers(db);
  const tokens = createTokenFile({
    file: path.join(config.dataDir, 'gmail-tokens.enc.json'),
    key: loadOrCreateKey(config.dataDir, 'token-vault', 32),
  });
  const google = createGoogleIdentity({ userinfoUrl: config.google.userinfoUrl, revokeUrl: config.google.revokeUrl });
  return {
    config,
    clock,
    log,
    db,
    users,
    tokens,
    google,
    loginLimiter: createMemoryLoginLimiter({
      clock,
      windowSeconds: config.loginLimits.windowSeconds,
      maxFailures: failureLimit(config.loginLimits),
    }),
    jwt: createJwtService({
      key: loadOrCreateKey(config.dataDir, 'jwt', 64),
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.ttlSeconds,
      clock,
    }),
    passwords: createPasswordHasher(config.bcryptCost),
    erasers: [gmailTokensEraser(tokens, google, log)],
    close: () => db.close(),
  };
}
