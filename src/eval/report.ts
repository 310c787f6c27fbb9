/**
 * What every evaluation returns: per-field counts against a corpus in the format of the corpus
 * README (JSON Lines of expected values; a key absent from a record is not scored).
 */
import { readFile } from 'node:fs/promises';

export interface EvalReport {
  kind: string;
  records: number;
  fields: Record<string, { correct: number; total: number }>;
  notes?: string[];
}

export async function readJsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Adds one scored field to `fields`. */
export function score(fields: EvalReport['fields'], name: string, ok: boolean): void {
  const f = (fields[name] ??= { correct: 0, total: 0 });
  f.total++;
  if (ok) f.correct++;
}

export function formatReport(r: EvalReport, opts: { notes?: boolean } = {}): string {
  const lines = [`${r.kind}: ${r.records} records`];
  for (const [k, v] of Object.entries(r.fields)) {
    lines.push(`  ${k.padEnd(34)} ${`${v.correct}/${v.total}`.padStart(9)}  ${((100 * v.correct) / Math.max(1, v.total)).toFixed(1).padStart(5)}%`);
  }
  if (opts.notes) for (const n of r.notes ?? []) lines.push(`  - ${n}`);
  return lines.join('\n');
}
