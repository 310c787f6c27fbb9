/**
 * JSON with object keys sorted at every level, so two items with the same content compare equal
 * whatever order their attributes were written or read back in (used to detect identical re-puts).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      // Absent and undefined are the same item (the DynamoDB client drops undefined values).
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const KEY_ORDER = Symbol('paypulse.keyOrder');

/**
 * Marks `obj` so that its JSON text (`toJsonText`) lists its keys in `keys` order. JavaScript
 * objects always enumerate integer-like keys first, in ascending order, so a map keyed by year
 * would otherwise come out oldest first whatever order it was built in. The mark is a
 * non-enumerable symbol: the object is otherwise unchanged.
 */
export function withKeyOrder<T extends object>(obj: T, keys: readonly string[]): T {
  Object.defineProperty(obj, KEY_ORDER, { value: [...new Set(keys)], enumerable: false });
  return obj;
}

/** `JSON.stringify(value)`, except that objects marked by `withKeyOrder` keep their key order. */
export function toJsonText(value: unknown): string {
  return write(value, '') ?? 'null';
}

function write(input: unknown, key: string): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) as string | undefined;
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, String(i)) ?? 'null').join(',')}]`;
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
  const obj = value as Record<string, unknown> & { [KEY_ORDER]?: string[] };
  const own = Object.keys(obj);
  const order = obj[KEY_ORDER];
  const keys = order ? [...order.filter((k) => Object.hasOwn(obj, k)), ...own.filter((k) => !order.includes(k))] : own;
  const parts: string[] = [];
  for (const k of keys) {
    const v = write(obj[k], k);
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}
