import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../../config.js';
import type { FunctionSpec } from '../manifest.js';
import { secretsClient } from './aws.js';
import { startupSecrets } from './ports.js';
import type { LoadedSecrets } from './provider.js';

/** Reads the startup secrets this function uses, in parallel, once per cold start. */
export async function loadStartupSecrets(spec: FunctionSpec, config: Config): Promise<LoadedSecrets> {
  const names = { jwt: config.jwt.secretName, googleClientId: config.secrets.googleClientIdName, gemini: config.secrets.geminiKeyName };
  const wanted = startupSecrets(spec);
  const values = await Promise.all(
    wanted.map(async (key) => {
      const out = await secretsClient().send(new GetSecretValueCommand({ SecretId: names[key] }));
      if (!out.SecretString) throw new Error(`secret ${names[key]} has no string value`);
      return [key, out.SecretString] as const;
    }),
  );
  const got = Object.fromEntries(values) as Partial<Record<(typeof wanted)[number], string>>;
  return {
    ...(got.jwt !== undefined ? { jwtKey: new TextEncoder().encode(got.jwt) } : {}),
    ...(got.googleClientId !== undefined ? { googleClientId: got.googleClientId } : {}),
    ...(got.gemini !== undefined ? { geminiKey: got.gemini } : {}),
  };
}
