import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/ports/clock.js';
import type { ChangeRecord, ObjectCreatedEvent, PayPulseFunction, ScheduledEvent } from '../../src/runtime/function.js';
import { silentLogger } from '../../src/runtime/log.js';
import { createLocalEvents } from '../../src/runtime/local/events.js';
import type { FunctionSpec } from '../../src/runtime/manifest.js';

const config = loadConfig({});
const spec = (name: string, triggers: FunctionSpec['triggers']): FunctionSpec => ({
  name, group: 'invoices', entry: `virtual/${name}`, triggers, ports: [], resources: [], memoryMb: 128, timeoutSeconds: 10,
});
const specs = [
  spec('pdf', [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' }]),
  spec('html', [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.html' }]),
  spec('inserts', [{ kind: 'changeFeed', table: 'rentalInvoices', events: ['INSERT'] }]),
  spec('daily', [{ kind: 'schedule', schedule: 'rentalLatest' }]),
];
const deps = { marker: true };

function harness(fns: Record<string, PayPulseFunction<typeof deps>>, db = openMemoryDatabase([])) {
  const events = createLocalEvents({
    db, config, clock: systemClock, log: silentLogger, specs, backoffMs: 1,
    load: async (fn) => fns[fn.name] ?? {},
  });
  return { db, events };
}

test('object, change and schedule events reach exactly the matching functions with the deps', async () => {
  const seen: string[] = [];
  const { events } = harness({
    pdf: { objectCreated: async (e: ObjectCreatedEvent, d) => void seen.push(`pdf:${e.key}:${e.bucket}:${d.marker}`) },
    html: { objectCreated: async (e) => void seen.push(`html:${e.key}`) },
    inserts: { changeFeed: async (r: ChangeRecord) => void seen.push(`change:${r.eventName}:${String(r.newImage?.InvoiceID)}`) },
    daily: { schedule: async (e: ScheduledEvent) => void seen.push(`schedule:${e.schedule}:${e.time}`) },
  });
  events.bind(deps);
  events.objectCreated({ key: 'invoices/u1/rental/a.pdf' });
  events.objectCreated({ key: 'invoices/u1/retail/x/b.html' });
  events.objectCreated({ key: 'other/u1/c.pdf' });
  events.objectCreated({ key: 'invoices/u1/rental/.ingested/m.json' });
  events.change({ eventName: 'INSERT', table: 'rentalInvoices', newImage: { InvoiceID: 'Invoice_1' } });
  events.change({ eventName: 'MODIFY', table: 'rentalInvoices', newImage: { InvoiceID: 'Invoice_2' } });
  events.change({ eventName: 'INSERT', table: 'retailInvoices', newImage: { InvoiceID: 'Invoice_3' } });
  events.fireSchedule('rentalLatest', new Date('2025-10-01T08:30:00Z'));
  events.fireSchedule('retailWeekly');
  await events.drain();
  assert.deepEqual(seen.sort(), [
    'change:INSERT:Invoice_1',
    'html:invoices/u1/retail/x/b.html',
    `pdf:invoices/u1/rental/a.pdf:${config.bucket}:true`,
    'schedule:rentalLatest:2025-10-01T08:30:00.000Z',
  ]);
  assert.deepEqual(events.failed(), []);
});

test('a failing handler is retried with backoff and succeeds without a dead letter', async () => {
  let calls = 0;
  const { events, db } = harness({ pdf: { objectCreated: async () => { if (++calls < 3) throw new Error('flaky'); } } });
  events.bind(deps);
  events.objectCreated({ key: 'invoices/u/rental/a.pdf' });
  await events.drain();
  assert.equal(calls, 3);
  assert.deepEqual(events.failed(), []);
  assert.equal((db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n, 0);
});

test('a handler that keeps failing ends in failed_events and can be replayed', async () => {
  let broken = true;
  let calls = 0;
  const { events } = harness({ pdf: { objectCreated: async () => { calls++; if (broken) throw new Error('disk on fire'); } } });
  events.bind(deps);
  events.objectCreated({ key: 'invoices/u/rental/a.pdf' });
  await events.drain();
  assert.equal(calls, 3);
  const [failed, ...rest] = events.failed();
  assert.equal(rest.length, 0);
  assert.equal(failed?.fn, 'pdf');
  assert.equal(failed?.attempts, 3);
  assert.match(failed!.error, /disk on fire/);
  assert.equal((failed?.payload as ObjectCreatedEvent).key, 'invoices/u/rental/a.pdf');

  assert.equal(await events.replay(failed!.id), false, 'still broken: fails again');
  const again = events.failed();
  assert.equal(again.length, 1);
  broken = false;
  assert.equal(await events.replay(again[0]!.id), true);
  assert.deepEqual(events.failed(), []);
  await assert.rejects(events.replay(12345), /no failed event/);
});

test('jobs queued while nobody can run them survive in SQLite and run at the next start', async () => {
  const db = openMemoryDatabase([]);
  const first = harness({}, db).events; // never bound: like a process that died before running them
  first.objectCreated({ key: 'invoices/u/rental/a.pdf' });
  first.change({ eventName: 'INSERT', table: 'rentalInvoices', newImage: { InvoiceID: 'I' } });
  const seen: string[] = [];
  const second = harness({
    pdf: { objectCreated: async (e) => void seen.push(e.key) },
    inserts: { changeFeed: async (r) => void seen.push(r.eventName) },
  }, db).events;
  second.bind(deps);
  await second.drain();
  assert.deepEqual(seen.sort(), ['INSERT', 'invoices/u/rental/a.pdf']);
  assert.equal((db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n, 0);
});

test('close waits for in-flight jobs and the jobs they raise', async () => {
  const order: string[] = [];
  const { events } = harness({
    pdf: {
      objectCreated: async () => {
        await new Promise((r) => setTimeout(r, 30));
        events.change({ eventName: 'INSERT', table: 'rentalInvoices', newImage: {} });
        order.push('parsed');
      },
    },
    inserts: { changeFeed: async () => { await new Promise((r) => setTimeout(r, 10)); order.push('notified'); } },
  });
  events.bind(deps);
  events.objectCreated({ key: 'invoices/u/rental/a.pdf' });
  await events.close();
  order.push('closed');
  assert.deepEqual(order, ['parsed', 'notified', 'closed']);
});

test('schedule timers fire at the cron time of the configured expression', async () => {
  const db = openMemoryDatabase([]);
  // A clock 60 ms before a weekday 08:30 UTC, moving with real time.
  const start = Date.now();
  const clock = { now: () => new Date(Date.parse('2025-10-01T08:29:59.940Z') + (Date.now() - start)) };
  const seen: string[] = [];
  const events = createLocalEvents<typeof deps>({
    db, config: { ...config, schedules: { ...config.schedules, rentalLatest: 'cron(30 8 ? * MON-FRI *)' } }, clock, log: silentLogger, specs, backoffMs: 1,
    load: async (fn) => (fn.name === 'daily' ? { schedule: async (e: ScheduledEvent) => void seen.push(e.time) } : {}),
  });
  events.bind(deps);
  events.startSchedules();
  for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await events.close();
  assert.deepEqual(seen, ['2025-10-01T08:30:00.000Z']);
});

test('a job during which the process dies 5 times is dead-lettered, without running again', async () => {
  const db = openMemoryDatabase([]);
  // Five processes in turn start the job and die inside the handler (it never returns).
  for (let start = 1; start <= 5; start++) {
    const { events } = harness({ pdf: { objectCreated: () => new Promise<void>(() => {}) } }, db);
    if (start === 1) events.objectCreated({ key: 'invoices/u/rental/poison.pdf' });
    events.bind(deps);
    await new Promise((r) => setImmediate(r));
    assert.equal((db.prepare('SELECT attempts FROM pending_events').get() as { attempts: number }).attempts, start);
  }
  let calls = 0;
  const { events } = harness({ pdf: { objectCreated: async () => void calls++ } }, db);
  events.bind(deps);
  await events.drain();
  assert.equal(calls, 0);
  const [failed] = events.failed();
  assert.equal(failed?.attempts, 5);
  assert.match(failed!.error, /not finished after 5 starts/);
  assert.equal((db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n, 0);
  // Replay gives it a fresh count.
  assert.equal(await events.replay(failed!.id), true);
  assert.equal(calls, 1);
});

test('process deaths and handler errors are counted apart: two restarts do not use up the retries', async () => {
  const db = openMemoryDatabase([]);
  for (let start = 1; start <= 2; start++) {
    const { events } = harness({ pdf: { objectCreated: () => new Promise<void>(() => {}) } }, db);
    if (start === 1) events.objectCreated({ key: 'invoices/u/rental/slow.pdf' });
    events.bind(deps);
    await new Promise((r) => setImmediate(r));
  }
  let calls = 0;
  const { events } = harness({ pdf: { objectCreated: async () => { calls++; if (calls < 3) throw new Error('storage busy'); } } }, db);
  events.bind(deps);
  await events.drain();
  assert.equal(calls, 3, 'two handler errors, then success: the two deaths did not count as failures');
  assert.deepEqual(events.failed(), []);
  assert.equal((db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n, 0);
});

test('an object write records its jobs before the object appears and runs them only once written', async () => {
  let calls = 0;
  const { events, db } = harness({ pdf: { objectCreated: async () => void calls++ } });
  events.bind(deps);
  const pending = () => (db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n;
  const written = events.objectCreating({ key: 'invoices/u/rental/a.pdf' });
  const refused = events.objectCreating({ key: 'invoices/u/rental/b.pdf' });
  assert.equal(pending(), 2, 'durable before the write: a crash now leaves the jobs to the next start');
  await new Promise((r) => setImmediate(r));
  assert.equal(calls, 0, 'nothing runs before the object is in place');
  written(true);
  refused(false);
  await events.drain();
  assert.equal(calls, 1);
  assert.equal(pending(), 0);
});

test('a database from before attempts were counted gains the column and keeps its pending jobs', async () => {
  const db = openMemoryDatabase([]);
  db.exec('CREATE TABLE pending_events (id INTEGER PRIMARY KEY AUTOINCREMENT, fn TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL)');
  db.prepare('INSERT INTO pending_events (fn, kind, payload, created_at) VALUES (?, ?, ?, ?)').run('pdf', 'objectCreated', JSON.stringify({ bucket: 'b', key: 'invoices/u/rental/a.pdf', eventTime: '2025-01-01T00:00:00Z' }), '2025-01-01T00:00:00Z');
  const seen: string[] = [];
  const { events } = harness({ pdf: { objectCreated: async (e) => void seen.push(e.key) } }, db);
  events.bind(deps);
  await events.drain();
  assert.deepEqual(seen, ['invoices/u/rental/a.pdf']);
});
