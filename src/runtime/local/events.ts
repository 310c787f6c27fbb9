/**
 * The local event runtime: what S3 notifications, the DynamoDB stream and EventBridge do on AWS,
 * in-process. Each (event, target function) pair is one job, written to SQLite before it runs and
 * removed only when its handler succeeded, so a crash or a shutdown never loses an event (pending
 * jobs are re-queued at the next start). A failing handler is retried with exponential backoff;
 * after the last attempt the job moves to `failed_events` (the local dead-letter queue), from which
 * `paypulse events replay <id>` runs it again. Each start is counted in SQLite before the handler
 * runs, so a job during which the process keeps dying is dead-lettered, not re-run forever. Process
 * deaths have their own, larger budget than handler errors: a restart or an outside `kill -9` is
 * not the job's fault, so a few of them must not condemn the job that happened to be running.
 */
import type { Deps } from '../../app/deps.js';
import type { Db } from '../../adapters/local/sqlite.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../ports/clock.js';
import type { ChangeRecord, ObjectCreatedEvent, PayPulseFunction, ScheduledEvent } from '../function.js';
import type { Logger } from '../log.js';
import { manifest, type FunctionSpec, type TableKey } from '../manifest.js';
import { depsFor } from '../ports.js';
import { loadFunction } from './app.js';
import { nextFire, parseSchedule, type Schedule } from './cron.js';

export const eventsSchema = `
CREATE TABLE IF NOT EXISTS pending_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fn TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS failed_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fn TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  created_at TEXT NOT NULL,
  failed_at TEXT NOT NULL
);`;

type Kind = 'objectCreated' | 'changeFeed' | 'schedule';
type Payload = ObjectCreatedEvent | ChangeRecord | ScheduledEvent;

export interface FailedEvent {
  id: number;
  fn: string;
  kind: Kind;
  payload: Payload;
  attempts: number;
  error: string;
  createdAt: string;
  failedAt: string;
}

export interface LocalEvents<D extends object = Deps> {
  /**
   * Handlers receive these deps; jobs queued before start now, and with `resume` (the default)
   * also those left in SQLite by a previous run.
   */
  bind(deps: D, opts?: { resume?: boolean }): void;
  /** An object was written (the local Objects adapter's `onCreated`). */
  objectCreated(event: { key: string; size?: number }): void;
  /**
   * An object is about to be written: its jobs are recorded now but run only once the returned
   * function is called with `true` (written); `false` drops them. A crash in between leaves the
   * jobs pending, so an object never exists without its event (a job for a missing object is a no-op).
   */
  objectCreating(event: { key: string; size?: number }): (written: boolean) => void;
  /** A table item changed (the local store's `onChange`). */
  change(record: Omit<ChangeRecord, 'eventId'> & { eventId?: string }): void;
  /** Queues the functions of a schedule now, as if it had fired at `time`. */
  fireSchedule(name: string, time?: Date): void;
  /** Starts the timers of every schedule of the manifest. */
  startSchedules(): void;
  /** Resolves when no job is queued, running or waiting for a retry. */
  drain(): Promise<void>;
  /** Stops the timers and waits for every job (and the jobs they raise) to finish. */
  close(): Promise<void>;
  failed(): FailedEvent[];
  /** Runs a failed job again (with retries); true when it succeeded, false when it failed again. */
  replay(id: number): Promise<boolean>;
}

export interface LocalEventsOptions<D extends object = Deps> {
  db: Db;
  config: Pick<Config, 'bucket' | 'schedules'>;
  clock: Clock;
  log: Logger;
  specs?: FunctionSpec[];
  /** Handler failures per job before it is dead-lettered. */
  attempts?: number;
  /** Process deaths during a job (starts that never finished) before it is dead-lettered. */
  crashes?: number;
  /** Delay before the first retry; doubled for each further one. */
  backoffMs?: number;
  /** Jobs running at once. */
  concurrency?: number;
  load?: (fn: FunctionSpec) => Promise<PayPulseFunction<D>>;
}

interface Job {
  id: number;
  fn: FunctionSpec;
  kind: Kind;
  payload: Payload;
  done?: (ok: boolean) => void;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err).slice(0, 500);
}

export function createLocalEvents<D extends object = Deps>(opts: LocalEventsOptions<D>): LocalEvents<D> {
  const { db, log, clock } = opts;
  const specs = opts.specs ?? manifest;
  const attempts = opts.attempts ?? 3;
  const crashes = opts.crashes ?? 5;
  const backoffMs = opts.backoffMs ?? 500;
  const concurrency = opts.concurrency ?? 4;
  const load = opts.load ?? ((fn: FunctionSpec) => loadFunction<PayPulseFunction<D>>(fn));
  db.exec(eventsSchema);
  // Databases created before starts and failures were counted durably.
  const columns = (db.prepare('PRAGMA table_info(pending_events)').all() as { name: string }[]).map((c) => c.name);
  for (const column of ['attempts', 'failures']) {
    if (!columns.includes(column)) db.exec(`ALTER TABLE pending_events ADD COLUMN ${column} INTEGER NOT NULL DEFAULT 0`);
  }

  const insertPending = db.prepare('INSERT INTO pending_events (fn, kind, payload, created_at) VALUES (?, ?, ?, ?)');
  const deletePending = db.prepare('DELETE FROM pending_events WHERE id = ?');
  const insertFailed = db.prepare(
    'INSERT INTO failed_events (fn, kind, payload, attempts, error, created_at, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectPending = db.prepare('SELECT id, fn, kind, payload FROM pending_events ORDER BY id');
  const countStart = db.prepare('UPDATE pending_events SET attempts = attempts + 1 WHERE id = ? RETURNING attempts, failures');
  const countFailure = db.prepare('UPDATE pending_events SET failures = failures + 1 WHERE id = ? RETURNING failures');
  const selectFailed = db.prepare('SELECT * FROM failed_events ORDER BY id');
  const selectFailedOne = db.prepare('SELECT * FROM failed_events WHERE id = ?');
  const deleteFailed = db.prepare('DELETE FROM failed_events WHERE id = ?');
  const createdAt = db.prepare('SELECT created_at FROM pending_events WHERE id = ?');
  const deadLetter = db.transaction((job: Job, tries: number, error: string) => {
    const row = createdAt.get(job.id) as { created_at: string } | undefined;
    const now = clock.now().toISOString();
    insertFailed.run(job.fn.name, job.kind, JSON.stringify(job.payload), tries, error, row?.created_at ?? now, now);
    deletePending.run(job.id);
  });
  const requeue = db.transaction((id: number) => {
    const row = selectFailedOne.get(id) as { fn: string; kind: Kind; payload: string } | undefined;
    if (!row) return undefined;
    deleteFailed.run(id);
    const info = insertPending.run(row.fn, row.kind, row.payload, clock.now().toISOString());
    return { ...row, id: Number(info.lastInsertRowid) };
  });

  const handlers = new Map<string, Promise<PayPulseFunction<D>>>();
  const handlerOf = (fn: FunctionSpec) => {
    let h = handlers.get(fn.name);
    if (!h) handlers.set(fn.name, (h = load(fn)));
    return h;
  };

  let deps: D | undefined;
  let closing = false;
  let closingDone = false;
  const queue: Job[] = [];
  let active = 0;
  let idleWaiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const settleIfIdle = () => {
    if (queue.length === 0 && active === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  function record(fn: FunctionSpec, kind: Kind, payload: Payload): Job {
    const info = insertPending.run(fn.name, kind, JSON.stringify(payload), clock.now().toISOString());
    return { id: Number(info.lastInsertRowid), fn, kind, payload };
  }
  function enqueue(fn: FunctionSpec, kind: Kind, payload: Payload): void {
    queue.push(record(fn, kind, payload));
    pump();
  }
  const recordAll = db.transaction((fns: FunctionSpec[], event: ObjectCreatedEvent) => fns.map((fn) => record(fn, 'objectCreated', event)));

  function pump(): void {
    // Before bind (or after close) jobs stay in SQLite and run at the next start.
    if (!deps || closingDone) return;
    while (active < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      active++;
      void run(job).finally(() => {
        active--;
        pump();
        settleIfIdle();
      });
    }
  }
  const views = new Map<string, D>();
  async function invoke(job: Job): Promise<void> {
    const fn = await handlerOf(job.fn);
    let d = views.get(job.fn.name);
    if (!d) views.set(job.fn.name, (d = depsFor(job.fn, deps!)));
    if (job.kind === 'objectCreated' && fn.objectCreated) return fn.objectCreated(job.payload as ObjectCreatedEvent, d);
    if (job.kind === 'changeFeed' && fn.changeFeed) return fn.changeFeed(job.payload as ChangeRecord, d);
    if (job.kind === 'schedule' && fn.schedule) {
      const summary = await fn.schedule(job.payload as ScheduledEvent, d);
      log.info('schedule finished', { fn: job.fn.name, summary });
      return;
    }
    throw new Error(`${job.fn.name} has no ${job.kind} handler`);
  }

  async function run(job: Job): Promise<void> {
    for (let tries = 1; ; tries++) {
      // Counted before the handler runs: a start that never returns (the process died) counts too.
      const started = countStart.get(job.id) as { attempts: number; failures: number } | undefined;
      const deaths = started ? started.attempts - 1 - started.failures : 0;
      if (deaths >= crashes) {
        const error = `not finished after ${deaths} starts (the process stopped during each)`;
        deadLetter(job, deaths, error);
        log.error('event dead-lettered', { fn: job.fn.name, kind: job.kind, job: job.id, attempts: deaths, error });
        job.done?.(false);
        return;
      }
      try {
        await invoke(job);
        deletePending.run(job.id);
        job.done?.(true);
        return;
      } catch (err) {
        const error = describe(err);
        const failures = (countFailure.get(job.id) as { failures: number } | undefined)?.failures ?? tries;
        if (failures >= attempts) {
          deadLetter(job, failures, error);
          log.error('event dead-lettered', { fn: job.fn.name, kind: job.kind, job: job.id, attempts: failures, error });
          job.done?.(false);
          return;
        }
        const delay = backoffMs * 2 ** (failures - 1);
        log.warn('event handler failed; retrying', { fn: job.fn.name, kind: job.kind, job: job.id, attempt: failures, delay_ms: delay, error });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  const fnByName = (name: string) => specs.find((s) => s.name === name);

  const events: LocalEvents<D> = {
    bind(d, { resume = true } = {}) {
      deps = d;
      views.clear();
      // Jobs left by a previous process (crash, or queued after its shutdown began).
      const queuedIds = new Set(queue.map((j) => j.id));
      for (const row of resume ? (selectPending.all() as { id: number; fn: string; kind: Kind; payload: string }[]) : []) {
        const fn = fnByName(row.fn);
        if (queuedIds.has(row.id)) continue;
        if (!fn) {
          deadLetter({ id: row.id, fn: { name: row.fn } as FunctionSpec, kind: row.kind, payload: JSON.parse(row.payload) }, 0, 'function no longer exists');
          continue;
        }
        queue.push({ id: row.id, fn, kind: row.kind, payload: JSON.parse(row.payload) as Payload });
      }
      pump();
    },

    objectCreated(event) {
      events.objectCreating(event)(true);
    },

    objectCreating({ key, size }) {
      const event: ObjectCreatedEvent = { bucket: opts.config.bucket, key, ...(size !== undefined ? { size } : {}), eventTime: clock.now().toISOString() };
      const fns = specs.filter((fn) => fn.triggers.some((t) => t.kind === 'objectCreated' && key.startsWith(t.prefix) && key.endsWith(t.suffix)));
      const jobs = fns.length > 0 ? recordAll(fns, event) : [];
      return (written) => {
        if (!written) {
          for (const job of jobs) deletePending.run(job.id);
          return;
        }
        queue.push(...jobs);
        pump();
      };
    },

    change(record) {
      const full: ChangeRecord = { ...record, eventId: record.eventId ?? `local-${Date.now()}-${++seq}` };
      for (const fn of specs) {
        for (const t of fn.triggers) {
          if (t.kind === 'changeFeed' && t.table === (full.table as TableKey) && t.events.includes(full.eventName)) enqueue(fn, 'changeFeed', full);
        }
      }
    },

    fireSchedule(name, time = clock.now()) {
      const event: ScheduledEvent = { schedule: name, time: time.toISOString() };
      for (const fn of specs) {
        for (const t of fn.triggers) if (t.kind === 'schedule' && t.schedule === name) enqueue(fn, 'schedule', event);
      }
    },

    startSchedules() {
      const names = new Set(specs.flatMap((fn) => fn.triggers.flatMap((t) => (t.kind === 'schedule' ? [t.schedule] : []))));
      for (const name of names) {
        const expr = opts.config.schedules[name as keyof Config['schedules']];
        const schedule: Schedule = parseSchedule(expr);
        const arm = (after: Date) => {
          if (closing) return;
          const at = nextFire(schedule, after);
          if (!at) return;
          // Timers longer than ~24.8 days overflow; re-arm in steps of at most an hour.
          const wait = Math.min(Math.max(at.getTime() - clock.now().getTime(), 0), 3_600_000);
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (clock.now().getTime() >= at.getTime()) {
              events.fireSchedule(name, at);
              arm(at);
            } else arm(after);
          }, wait);
          timer.unref();
          timers.add(timer);
        };
        arm(clock.now());
        log.info('schedule armed', { schedule: name, expression: expr, next: nextFire(schedule, clock.now())?.toISOString() });
      }
    },

    drain() {
      if (queue.length === 0 && active === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    async close() {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await events.drain();
      closingDone = true;
    },

    failed() {
      return (selectFailed.all() as { id: number; fn: string; kind: Kind; payload: string; attempts: number; error: string; created_at: string; failed_at: string }[]).map(
        (r) => ({ id: r.id, fn: r.fn, kind: r.kind, payload: JSON.parse(r.payload) as Payload, attempts: r.attempts, error: r.error, createdAt: r.created_at, failedAt: r.failed_at }),
      );
    },

    replay(id) {
      const row = requeue(id);
      if (!row) return Promise.reject(new Error(`no failed event with id ${id}`));
      const fn = fnByName(row.fn);
      if (!fn) return Promise.reject(new Error(`function ${row.fn} no longer exists`));
      return new Promise((resolve) => {
        queue.push({ id: row.id, fn, kind: row.kind, payload: JSON.parse(row.payload) as Payload, done: resolve });
        pump();
      });
    },
  };
  return events;
}
