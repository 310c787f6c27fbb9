import type { Config } from '../../config.js';
import type { StartupSecret } from '../ports.js';
import { secretsClient } from './aws.js';
import type { LoadedSecrets } from './provider.js';

/** Reads the startup secrets a function's ports use (`startupSecrets`), in parallel, once per cold start. */
export async function loadStartupSecrets(wanted: StartupSecret[], config: Config): Promise<LoadedSecrets> {
  const names = { jwt: config.jwt.secretName, googleClientId: config.secrets.googleClientIdName, gemini: config.secrets.geminiKeyName };
  const read = async (name: string) => {
    const out = await secretsClient().getSecretValue({ SecretId: name });
    if (!out.SecretString) throw new Error(`secret ${name} has no string value`);
    return out.SecretString;
  };
  // The original's key goes with ours while its sessions are honoured (the cut-over window).
  const legacyName = wanted.includes('jwt') ? config.jwt.legacySecretName : undefined;
  const [values, legacy] = await Promise.all([
    Promise.all(wanted.map(async (key) => [key, await read(names[key])] as const)),
    legacyName ? read(legacyName) : undefined,
  ]);
  const got = Object.fromEntries(values) as Partial<Record<(typeof wanted)[number], string>>;
  return {
    ...(got.jwt !== undefined ? { jwtKey: new TextEncoder().encode(got.jwt) } : {}),
    ...(legacy !== undefined ? { legacyJwtKey: new TextEncoder().encode(legacy) } : {}),
    ...(got.googleClientId !== undefined ? { googleClientId: got.googleClientId } : {}),
    ...(got.gemini !== undefined ? { geminiKey: got.gemini } : {}),
  };
}
