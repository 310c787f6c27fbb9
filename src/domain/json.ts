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
