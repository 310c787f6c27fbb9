/**
 * Structured JSON logs (the `Logger` port). Only the fields we pass are written; `redact` is a
 * last line of defence for keys that look secret (docs/compatibility.md#d13).
 */
import type { LogFields, Logger, LogLevel } from '../ports/log.js';

export type { LogFields, Logger, LogLevel } from '../ports/log.js';
export { silentLogger } from '../ports/log.js';

const SECRET_KEY = /pass|token|secret|authorization|cookie|email|body|text|html|api[_-]?key/i;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message };
    else out[k] = v;
  }
  return out;
}

export function createLogger(opts: {
  level?: LogLevel;
  base?: LogFields;
  write?: (line: string) => void;
} = {}): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = opts.base ?? {};
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact({ ...base, ...fields }) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}
