/**
 * What a function's manifest `resources` grant. Pure (no adapter import): providers use it at run
 * time for the parts of an adapter that are used only where granted (the port table's `optional`).
 */
import type { Access, FunctionSpec, SecretKey, TableKey } from '../manifest.js';
import type { Touch } from '../ports.js';

const writes = (a: Access | 'readwrite+versions') => a !== 'read';

export function usesTable(spec: FunctionSpec, table: TableKey, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'table' && r.table === table && (!write || writes(r.access)));
}
export function usesSecret(spec: FunctionSpec, secret: SecretKey, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'secret' && r.secret === secret && (!write || writes(r.access)));
}
export function usesBucket(spec: FunctionSpec, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'bucket' && (!write || writes(r.access)));
}
export function usesTopic(spec: FunctionSpec): boolean {
  return spec.resources.some((r) => r.kind === 'topic');
}

/** A manifest resource granting `t` (write access where `t.write`). */
export function grants(spec: FunctionSpec, t: Touch): boolean {
  switch (t.kind) {
    case 'table':
      return usesTable(spec, t.table, t.write);
    case 'bucket':
      return usesBucket(spec, t.write);
    case 'secret':
      return usesSecret(spec, t.secret, t.write);
    case 'topic':
      return usesTopic(spec);
  }
}
