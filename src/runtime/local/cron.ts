/**
 * The subset of EventBridge schedule expressions the local runtime evaluates, in UTC (EventBridge
 * schedules are UTC): `cron(minutes hours day-of-month month day-of-week year)` with `*`, `?`,
 * lists, ranges, steps and the names JAN-DEC / SUN-SAT (day-of-week 1-7 = SUN-SAT, as AWS), and
 * `rate(<n> minute(s)|hour(s)|day(s))`. `L`, `W` and `#` are refused loudly rather than guessed.
 */
export type Schedule =
  | { kind: 'cron'; minutes: Set<number>; hours: Set<number>; dom: Set<number> | null; months: Set<number>; dow: Set<number> | null; years: Set<number> | null }
  | { kind: 'rate'; everyMs: number };

export class ScheduleExpressionError extends Error {
  constructor(expr: string, why: string) {
    super(`invalid schedule expression '${expr}': ${why}`);
    this.name = 'ScheduleExpressionError';
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(expr: string, raw: string, min: number, max: number, names: string[] = [], nameBase = 1): Set<number> | null {
  if (raw === '?') return null;
  const out = new Set<number>();
  const value = (s: string): number => {
    const byName = names.indexOf(s.toUpperCase());
    const n = byName >= 0 ? byName + nameBase : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new ScheduleExpressionError(expr, `'${s}' is out of range ${min}-${max}`);
    return n;
  };
  for (const part of raw.split(',')) {
    if (/[LW#]/i.test(part.replace(/[A-Z]{3}/gi, (m) => (names.includes(m.toUpperCase()) ? '' : m)))) {
      throw new ScheduleExpressionError(expr, `'${part}' (L, W and # are not supported locally)`);
    }
    const [range, stepRaw] = part.split('/') as [string, string | undefined];
    const step = stepRaw === undefined ? 1 : Number(stepRaw);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleExpressionError(expr, `bad step in '${part}'`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [lo, hi] = [value(a), value(b)];
    } else {
      lo = value(range);
      hi = stepRaw === undefined ? lo : max;
    }
    if (lo > hi) throw new ScheduleExpressionError(expr, `empty range '${range}'`);
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

export function parseSchedule(expr: string): Schedule {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expr.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) throw new ScheduleExpressionError(expr, 'rate must be positive');
    const unit = rate[2]!.toLowerCase().replace(/s$/, '');
    return { kind: 'rate', everyMs: n * (unit === 'minute' ? 60_000 : unit === 'hour' ? 3_600_000 : 86_400_000) };
  }
  const m = /^cron\((.*)\)$/i.exec(expr.trim());
  if (!m) throw new ScheduleExpressionError(expr, 'expected cron(...) or rate(...)');
  const parts = m[1]!.trim().split(/\s+/);
  if (parts.length !== 6) throw new ScheduleExpressionError(expr, 'cron needs 6 fields');
  const [mi, h, dom, mon, dow, yr] = parts as [string, string, string, string, string, string];
  const s: Schedule = {
    kind: 'cron',
    minutes: field(expr, mi, 0, 59) ?? new Set(),
    hours: field(expr, h, 0, 23) ?? new Set(),
    dom: field(expr, dom, 1, 31),
    months: field(expr, mon, 1, 12, MONTHS) ?? new Set(),
    dow: field(expr, dow, 1, 7, DAYS),
    years: yr === '*' ? null : field(expr, yr, 1970, 2199),
  };
  // AWS requires exactly one of day-of-month / day-of-week to be '?'.
  if ((s.dom === null) === (s.dow === null)) throw new ScheduleExpressionError(expr, "one of day-of-month and day-of-week must be '?'");
  if (s.minutes.size === 0 || s.hours.size === 0 || s.months.size === 0) throw new ScheduleExpressionError(expr, "'?' only allowed in day fields");
  return s;
}

/** The first firing time strictly after `after` (UTC, whole minutes), or undefined within 5 years. */
export function nextFire(schedule: Schedule, after: Date): Date | undefined {
  if (schedule.kind === 'rate') return new Date(after.getTime() + schedule.everyMs);
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    const dayOk =
      schedule.months.has(t.getUTCMonth() + 1) &&
      (schedule.years === null || schedule.years.has(t.getUTCFullYear())) &&
      (schedule.dom === null || schedule.dom.has(t.getUTCDate())) &&
      (schedule.dow === null || schedule.dow.has(t.getUTCDay() + 1));
    if (!dayOk) {
      t.setUTCHours(24, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (schedule.minutes.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return undefined;
}
