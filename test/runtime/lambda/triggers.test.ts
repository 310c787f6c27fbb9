/**
 * The Lambda entry for trigger kinds: S3, DynamoDB stream and EventBridge events decoded from
 * their real shapes and dispatched, with async failures thrown (or reported per record) and the
 * failing record named in the log. Fixture functions stand in for the ones other branches add.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpFunction, type ChangeRecord, type ObjectCreatedEvent, type PayPulseFunction, type ScheduledEvent } from '../../../src/runtime/function.js';
import { lambdaHandler } from '../../../src/runtime/lambda/handler.js';
import type { FunctionSpec } from '../../../src/runtime/manifest.js';
import { ok } from '../../../src/http/envelope.js';
import { captureConsole, type CapturedLogs } from '../../support/capture-logs.js';
import { apiGatewayEvent, s3Event, scheduledEvent, streamRecord } from '../../support/lambda-events.js';

let logs: CapturedLogs;
before(() => {
  process.env.POWERTOOLS_DEV = 'true';
  logs = captureConsole();
});
after(() => logs.restore());

const spec = (name: string, triggers: FunctionSpec['triggers']): FunctionSpec => ({
  name,
  group: 'invoices',
  entry: 'none',
  triggers,
  ports: [],
  resources: [],
  memoryMb: 128,
  timeoutSeconds: 10,
});
const errorsFor = (fields: Record<string, unknown>) =>
  logs.lines.filter((l) => l.level === 'ERROR' && Object.entries(fields).every(([k, v]) => l[k] === v));

describe('S3 object-created events', () => {
  const seen: ObjectCreatedEvent[] = [];
  const fn: PayPulseFunction = {
    async objectCreated(e) {
      if (e.key.includes('poison')) throw new Error('cannot parse');
      seen.push(e);
    },
  };
  const handler = lambdaHandler(
    spec('t_s3', [
      { kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' },
      { kind: 'objectCreated', prefix: 'invoices/', suffix: '.html' },
    ]),
    fn,
    { providers: [] },
  );

  it('decodes URL-encoded keys (+ as space) of every record', async () => {
    seen.length = 0;
    await handler(s3Event('bkt', ['invoices/user_1/rental/Hyresavi+maj+%26+juni.pdf', 'invoices/user_1/retail/food-delivery/jack%26jones_2026-01-24_7c01d94e.html']));
    assert.deepEqual(seen.map((e) => e.key), [
      'invoices/user_1/rental/Hyresavi maj & juni.pdf',
      'invoices/user_1/retail/food-delivery/jack&jones_2026-01-24_7c01d94e.html',
    ]);
    assert.equal(seen[0]!.bucket, 'bkt');
    assert.equal(seen[0]!.size, 1024);
    assert.equal(seen[0]!.eventTime, '2026-01-12T07:45:10.221Z');
  });

  it('a failing record fails the invocation after the others ran, and the log names it', async () => {
    seen.length = 0;
    await assert.rejects(
      handler(s3Event('bkt', ['invoices/u/rental/poison.pdf', 'invoices/u/rental/good.pdf'])),
      /1 of 2 S3 records failed: invoices\/u\/rental\/poison\.pdf/,
    );
    assert.deepEqual(seen.map((e) => e.key), ['invoices/u/rental/good.pdf']);
    assert.equal(errorsFor({ message: 'object-created record failed', key: 'invoices/u/rental/poison.pdf' }).length, 1);
  });

  it('unexpected keys (outside the filters, broken encoding) and other event names are refused', async () => {
    seen.length = 0;
    await assert.rejects(handler(s3Event('bkt', ['rental-invoices/u/a.pdf', 'invoices/u/%E0%A4%A.pdf', 'invoices/u/a.exe'])), /3 of 3/);
    await assert.rejects(handler(s3Event('bkt', ['invoices/u/a.pdf'], 'ObjectRemoved:Delete')), /1 of 1/);
    assert.equal(seen.length, 0);
    assert.equal(errorsFor({ message: 'object-created record refused', key: 'invoices/u/%E0%A4%A.pdf' })[0]!.reason, 'object key is not valid URL encoding');
  });

  it('an event of no trigger this function has is a thrown error, not a silent success', async () => {
    await assert.rejects(handler({ Records: [{ eventSource: 'aws:sqs' }] }), /cannot handle this event/);
    await assert.rejects(handler(apiGatewayEvent({ method: 'GET', path: '/x' })), /no HTTP trigger/);
  });
});

describe('DynamoDB stream batches', () => {
  const seen: ChangeRecord[] = [];
  const fn: PayPulseFunction = {
    async changeFeed(r) {
      if (r.newImage?.InvoiceID === 'boom') throw new Error('SNS down');
      seen.push(r);
    },
  };
  const handler = lambdaHandler(spec('t_stream', [{ kind: 'changeFeed', table: 'rentalInvoices', events: ['INSERT'] }]), fn, { providers: [] });
  const insert = (seq: string, id: string) =>
    streamRecord({
      table: 'RentalInvoices',
      eventName: 'INSERT',
      seq,
      keys: { UserID: 'user_1', InvoiceID: id },
      newImage: { UserID: 'user_1', InvoiceID: id, 'Total Amount': 8123.5, due_date_year: '2026', Moms: 0 },
    });

  it('unmarshalls images; only the trigger’s event names reach the function', async () => {
    seen.length = 0;
    const modify = streamRecord({ table: 'RentalInvoices', eventName: 'MODIFY', seq: '2', keys: { UserID: 'u', InvoiceID: 'b' }, newImage: { UserID: 'u', InvoiceID: 'b' }, oldImage: { UserID: 'u', InvoiceID: 'b' } });
    const res = await handler({ Records: [insert('1', 'a'), modify, insert('3', 'c')] });
    assert.deepEqual(res, { batchItemFailures: [] });
    assert.deepEqual(seen.map((r) => r.eventId), ['ev-1', 'ev-3']);
    assert.deepEqual(seen[0], {
      eventId: 'ev-1',
      eventName: 'INSERT',
      table: 'rentalInvoices',
      newImage: { UserID: 'user_1', InvoiceID: 'a', 'Total Amount': 8123.5, due_date_year: '2026', Moms: 0 },
    });
  });

  it('a failing record is reported by sequence number and processing stops there (Lambda resumes from it)', async () => {
    seen.length = 0;
    const res = await handler({ Records: [insert('10', 'a'), insert('11', 'boom'), insert('12', 'c')] });
    assert.deepEqual(res, { batchItemFailures: [{ itemIdentifier: '11' }] });
    assert.deepEqual(seen.map((r) => r.eventId), ['ev-10']);
    assert.equal(errorsFor({ message: 'change record failed', event_id: 'ev-11', sequence_number: '11' }).length, 1);
  });

  it('records of unknown shape are reported; one without a sequence number fails the batch', async () => {
    const unknownName = { ...insert('20', 'x'), eventName: 'UPSERT' };
    assert.deepEqual(await handler({ Records: [unknownName] }), { batchItemFailures: [{ itemIdentifier: '20' }] });
    const otherTable = streamRecord({ table: 'Elsewhere', eventName: 'INSERT', seq: '21', keys: { a: 'b' }, newImage: { a: 'b' } });
    assert.deepEqual(await handler({ Records: [otherTable] }), { batchItemFailures: [{ itemIdentifier: '21' }] });
    const badImage = insert('22', 'y');
    (badImage.dynamodb as any).NewImage = { UserID: { Q: 'nope' } };
    assert.deepEqual(await handler({ Records: [badImage] }), { batchItemFailures: [{ itemIdentifier: '22' }] });
    const noSeq = insert('23', 'z');
    delete (noSeq.dynamodb as any).SequenceNumber;
    await assert.rejects(handler({ Records: [noSeq] }), /no sequence number/);
    assert.ok(errorsFor({ message: 'change record failed', event_id: 'ev-23' }).length >= 1);
  });
});

describe('EventBridge schedules and functions with several triggers', () => {
  const runs: ScheduledEvent[] = [];
  const fn: PayPulseFunction = {
    async schedule(e) {
      runs.push(e);
      return { total_users: 0 };
    },
    http: async () => ok(200, 'fine', null),
  };
  const handler = lambdaHandler(
    spec('t_sched', [
      { kind: 'schedule', schedule: 'rentalLatest' },
      { kind: 'schedule', schedule: 'retailWeekly' },
      { kind: 'http', method: 'GET', path: '/v1/x', auth: false, summary: 'x', successStatus: [200], errorStatus: [] },
    ]),
    fn,
    { providers: [] },
  );

  it('tells the schedules apart by the rule that fired and returns the summary', async () => {
    runs.length = 0;
    assert.deepEqual(await handler(scheduledEvent('PayPulse-retailWeekly')), { total_users: 0 });
    await handler(scheduledEvent('PayPulse-rentalLatest'));
    assert.deepEqual(runs, [
      { schedule: 'retailWeekly', time: '2026-01-12T08:30:00Z' },
      { schedule: 'rentalLatest', time: '2026-01-12T08:30:00Z' },
    ]);
  });

  it('dispatches by event shape: the same function answers HTTP', async () => {
    const res = (await handler(apiGatewayEvent({ method: 'GET', path: '/v1/x' }))) as { statusCode: number };
    assert.equal(res.statusCode, 200);
  });

  it('refuses scheduled events with extra fields, a detail, or from a foreign rule', async () => {
    runs.length = 0;
    await assert.rejects(handler(scheduledEvent('PayPulse-rentalLatest', { userId: 'user_1' })), /unexpected fields: userId/);
    await assert.rejects(handler(scheduledEvent('PayPulse-rentalLatest', { detail: { force: true } })), /non-empty detail/);
    await assert.rejects(handler(scheduledEvent('SomeoneElse-rule')), /does not own/);
    await assert.rejects(handler(scheduledEvent('PayPulse-rentalLatest', { 'detail-type': 'Object Created' })), /detail-type/);
    assert.equal(runs.length, 0);
  });
});

describe('ports', () => {
  it('touching a port the manifest does not grant fails loudly (500 for HTTP callers, the cause logged)', async () => {
    const handler = lambdaHandler(
      spec('t_ports', [{ kind: 'http', method: 'GET', path: '/v1/y', auth: false, summary: 'y', successStatus: [200], errorStatus: [] }]),
      httpFunction(async (_req, deps) => ok(200, typeof deps.users, null)),
      { providers: [] },
    );
    const res = (await handler(apiGatewayEvent({ method: 'GET', path: '/v1/y' }))) as { statusCode: number; body: string };
    assert.equal(res.statusCode, 500);
    assert.equal(JSON.parse(res.body).error.code, 'INTERNAL_SERVER_ERROR');
    const logged = logs.lines.find((l) => l.service === 't_ports' && l.message === 'unhandled error') as { error?: { message: string } };
    assert.match(logged?.error?.message ?? '', /port 'users' is not available to t_ports/);
  });

  it('a listed port that cannot be built fails the cold start, even unused; the next invocation builds again', async () => {
    let attempts = 0;
    const notifier = () => {
      attempts++;
      if (attempts === 1) throw new Error('SNS_TOPIC_ARN is not set');
      return { publish: async () => undefined } as never;
    };
    const handler = lambdaHandler(
      { ...spec('t_start', [{ kind: 'http', method: 'GET', path: '/v1/z', auth: false, summary: 'z', successStatus: [200], errorStatus: [] }]), ports: ['notifier'] },
      httpFunction(async () => ok(200, 'no port read', null)),
      { providers: [['notifier', notifier]] },
    );
    const first = (await handler(apiGatewayEvent({ method: 'GET', path: '/v1/z' }))) as { statusCode: number };
    assert.equal(first.statusCode, 500);
    const logged = logs.lines.find((l) => l.service === 't_start' && l.message === 'unhandled error') as { error?: { message: string } };
    assert.match(logged?.error?.message ?? '', /SNS_TOPIC_ARN is not set/);
    const second = (await handler(apiGatewayEvent({ method: 'GET', path: '/v1/z' }))) as { statusCode: number };
    assert.equal(second.statusCode, 200);
    assert.equal(attempts, 2);
  });
});
