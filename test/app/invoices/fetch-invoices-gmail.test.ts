/**
 * The rental back-fill with the shipped limits and the real Gmail adapter against the fake Google:
 * more messages are in progress than Gmail calls may run, so storing fetched messages never holds
 * a call slot; the adapter alone bounds the calls.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createGmailMailbox, DEFAULT_GMAIL_LIMITS } from '../../../src/adapters/google/gmail-mailbox.js';
import { DEFAULT_INGEST_LIMITS, fetchInvoices } from '../../../src/app/invoices/fetch-invoices.js';
import { ledgerKey } from '../../../src/app/invoices/rental-keys.js';
import { buildEmail } from '../../../src/demo/rent-notice-email.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { systemClock } from '../../../src/ports/clock.js';
import type { Mailbox } from '../../../src/ports/mailbox.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { FakeGoogle } from '../../fakes/google/server.js';
import { answers } from '../../support/failures.js';
import { configFor, MemoryVault, storedTokens } from '../../support/google.js';
import { memoryObjects } from '../../support/memory.js';
import { notice, SENDER } from '../../support/rental.js';

const U = 'user_a';
const N = 40;
const GMAIL_LIMIT = DEFAULT_GMAIL_LIMITS.maxConcurrency;
const IN_PROGRESS = DEFAULT_INGEST_LIMITS.concurrency;

let fake: FakeGoogle;
let sub: string;
/** Message ids oldest first, the order the back-fill takes them in. */
let oldestFirst: string[];

before(async () => {
  fake = await FakeGoogle.start();
  sub = fake.addAccount({ email: 'maja.berg@gmail.com' }).sub;
  const pdf = (await notice('2025-09-30')).pdf;
  // One notice a month; the same bytes under a name of its own each, so every message uploads one PDF.
  const mails = Array.from({ length: N }, (_, i) =>
    buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date(Date.UTC(2020, i, 5, 7)), attachments: [{ filename: `Hyresavi ${i}.pdf`, content: pdf }] }),
  );
  oldestFirst = await fake.addMessages(sub, mails);
});
after(() => fake.stop());
beforeEach(() => {
  fake.clearFaults();
  fake.setLatency('*', 2);
  fake.resetCounters();
});

/** The shipped limits, except small pages (the search spans several) and no real sleep between retries. */
async function setup() {
  const config = configFor(fake);
  const tokens = new MemoryVault();
  await tokens.put(U, storedTokens({ access: fake.issueAccessToken(sub), refresh: fake.addRefreshToken(sub), now: new Date(), expiresInSeconds: 3600 }));
  const gmail = createGmailMailbox({ config, tokens, clock: systemClock, log: silentLogger, limits: { pageSize: 7, sleep: async () => {} } });
  const fetched: string[] = [];
  const mailbox: Mailbox = {
    search: (u, q) => gmail.search(u, q),
    getRaw: (u, id) => (fetched.push(id), gmail.getRaw(u, id)),
  };
  const objects = memoryObjects();
  return { deps: { config, clock: systemClock, log: silentLogger, mailbox, objects }, fetched, objects };
}

const pdfWrites = (objects: ReturnType<typeof memoryObjects>) => objects.puts.filter((k) => k.endsWith('.pdf'));

// A store that held its call slot would stop fetching at the call limit: the upload never released, the test times out.
test('storing fetched messages holds no Gmail call: more than the call limit are fetched meanwhile, never more than the limit at once', { timeout: 60_000 }, async () => {
  const { deps, fetched, objects } = await setup();
  // Every upload waits until all messages in progress wait to be stored.
  const create = objects.create.bind(objects);
  let waiting = 0;
  let fetchedMeanwhile = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  objects.create = async (key, body, type) => {
    if (++waiting === IN_PROGRESS) {
      fetchedMeanwhile = fake.count('gmail.get');
      release();
    }
    await released;
    return create(key, body, type);
  };

  const r = await fetchInvoices(deps, U);

  assert.ok(IN_PROGRESS > GMAIL_LIMIT, 'more messages in progress than Gmail calls at once');
  assert.equal(fetchedMeanwhile, IN_PROGRESS, 'every message in progress was fetched while the first ones waited to be stored');
  assert.ok(fake.maxConcurrency('gmail.get') <= GMAIL_LIMIT, `saw ${fake.maxConcurrency('gmail.get')} calls at once`);
  assert.deepEqual(r, { uploaded: N, messages: N, processed: N, remaining: 0 });
  assert.equal(pdfWrites(objects).length, N, 'each PDF written once');
  // Oldest first across all result pages; every page is read before the first message.
  assert.deepEqual(fetched, oldestFirst);
  const firstGet = fake.calls.findIndex((c) => c.endpoint === 'gmail.get');
  assert.deepEqual(fake.calls.slice(0, firstGet).map((c) => c.endpoint), Array(Math.ceil(N / 7)).fill('gmail.list'));
});

test('429s and 5xx on some calls are retried inside the pipeline: nothing lost, nothing twice', async () => {
  const { deps, objects } = await setup();
  fake.inject('gmail.get', { kind: 'rate-limit-429' }, 6);
  fake.inject('gmail.get', { kind: 'unavailable-503' }, 3);
  const r = await fetchInvoices(deps, U);
  assert.deepEqual(r, { uploaded: N, messages: N, processed: N, remaining: 0 });
  assert.equal(fake.count('gmail.get'), N + 9);
  assert.equal(pdfWrites(objects).length, N);
  assert.ok(fake.maxConcurrency('gmail.get') <= GMAIL_LIMIT);
});

test('a failed message stops new ones; those started finish and are remembered; the next call does the rest once', async () => {
  const { deps, fetched, objects } = await setup();
  const failing = oldestFirst[0]!;
  const getRaw = deps.mailbox.getRaw;
  let broken = true;
  deps.mailbox.getRaw = async (u, id) => {
    const raw = await getRaw(u, id);
    if (broken && id === failing) throw new DependencyError('mailbox.getRaw', new Error('backendError'));
    return raw;
  };

  await assert.rejects(fetchInvoices(deps, U), answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Gmail API error' }));
  // Only messages started before the failure was seen: at most the first IN_PROGRESS, none after.
  assert.ok(fetched.length <= IN_PROGRESS && fetched.length < N, `${fetched.length} fetched`);
  assert.deepEqual(fetched, oldestFirst.slice(0, fetched.length));
  const done = fetched.filter((id) => objects.store.has(ledgerKey(U, id)));
  assert.deepEqual(done, fetched.slice(1), 'every started message but the failed one was stored and remembered');
  assert.equal(pdfWrites(objects).length, fetched.length - 1);

  broken = false;
  fetched.length = 0;
  const r = await fetchInvoices(deps, U);
  assert.deepEqual(r, { uploaded: N - done.length, messages: N, processed: N, remaining: 0 });
  assert.equal(fetched.length, N - done.length, 'remembered messages are not fetched again');
  assert.equal(pdfWrites(objects).length, N, 'each PDF written once over both calls');
});
