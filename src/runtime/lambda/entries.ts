/**
 * The generated Lambda entry of one function: imports its function module, the provider modules
 * of the ports its manifest resources grant, and (only if it uses one) the startup-secret loader.
 * Nothing else, so esbuild bundles only what the function can use.
 */
import type { FunctionSpec } from '../manifest.js';
import { neededPorts, portProviders, startupSecrets } from './ports.js';

const HANDLER_MODULE = 'src/runtime/lambda/handler.ts';
const SECRETS_MODULE = 'src/runtime/lambda/secrets.ts';

/** Source text with imports relative to the project root (esbuild `stdin.resolveDir`). */
export function entrySource(spec: FunctionSpec): string {
  const ports = neededPorts(spec);
  const lines = [
    `import fn from './${spec.entry}';`,
    `import { lambdaHandler } from './${HANDLER_MODULE}';`,
    ...ports.map((p, i) => `import p${i} from './${portProviders[p].module}';`),
  ];
  const secrets = startupSecrets(spec).length > 0;
  if (secrets) lines.push(`import { loadStartupSecrets } from './${SECRETS_MODULE}';`);
  const providers = ports.map((p, i) => `${JSON.stringify(p)}: p${i}`).join(', ');
  lines.push(
    `export const handler = lambdaHandler(${JSON.stringify(spec.name)}, fn, { providers: { ${providers} }${
      secrets ? ', loadSecrets: loadStartupSecrets' : ''
    } });`,
  );
  return `${lines.join('\n')}\n`;
}
