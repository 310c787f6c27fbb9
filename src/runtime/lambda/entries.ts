/**
 * The generated Lambda entry of one function: imports its function module, the provider modules
 * of the ports its manifest entry lists (in build order) and, only if one of them reads a startup
 * secret, the secret loader. Nothing else, so esbuild bundles only what the function uses.
 */
import type { FunctionSpec } from '../manifest.js';
import { checkPorts, portsOf, portTable, startupSecrets } from '../ports.js';

const HANDLER_MODULE = 'src/runtime/lambda/handler.ts';
const SECRETS_MODULE = 'src/runtime/lambda/secrets.ts';

/** Source text with imports relative to the project root (esbuild `stdin.resolveDir`). */
export function entrySource(spec: FunctionSpec): string {
  checkPorts(spec);
  const ports = portsOf(spec);
  const lines = [
    `import fn from './${spec.entry}';`,
    `import { lambdaHandler } from './${HANDLER_MODULE}';`,
    ...ports.map((p, i) => `import p${i} from './${portTable[p].aws.module}';`),
  ];
  const secrets = startupSecrets(spec);
  if (secrets.length) lines.push(`import { loadStartupSecrets } from './${SECRETS_MODULE}';`);
  const providers = ports.map((p, i) => `[${JSON.stringify(p)}, p${i}]`).join(', ');
  lines.push(
    `export const handler = lambdaHandler(${JSON.stringify(spec.name)}, fn, { providers: [${providers}]${
      secrets.length ? `, loadSecrets: (config) => loadStartupSecrets(${JSON.stringify(secrets)}, config)` : ''
    } });`,
  );
  return `${lines.join('\n')}\n`;
}
