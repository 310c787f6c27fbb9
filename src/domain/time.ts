/** Date helpers. Every calendar computation names its time zone; here it is always UTC. */

/** `YYYY-MM-DD` of the instant, in UTC. */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `HH:MM:SS.ffffff` of the instant, in UTC (the original's `CreatedAt` shape). */
export function utcTimeOfDay(d: Date): string {
  return `${d.toISOString().slice(11, 23)}000`;
}

/** Naive UTC ISO 8601 with microseconds and no zone, as Python's `datetime.utcnow().isoformat()`. */
export function naiveUtcIso(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000`;
}

/** ISO 8601 UTC with explicit offset, as Python's `datetime.now(timezone.utc).isoformat()`. */
export function utcIsoWithOffset(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000+00:00`;
}

/** Parses a naive ISO timestamp as UTC (a trailing Z or offset is honoured). */
export function parseUtcIso(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(s);
  // JS Date accepts at most milliseconds; trim microseconds.
  const trimmed = s.replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(hasZone ? trimmed : `${trimmed}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
