/** Each invocation-wide middleware and each trigger handler alone, around a stub. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/domain/errors.js';
import { ok } from '../../../src/http/envelope.js';
import type { Logger, LogFields } from '../../../src/runtime/log.js';
import { flushMetrics, lambdaContext, logFailure, once, use, type Middleware } from '../../../src/runtime/lambda/middleware.js';
import {
  changeFeedTrigger,
  httpTrigger,
  notHttp,
  objectCreatedTrigger,
  scheduleTrigger,
  type TriggerContext,
} from '../../../src/runtime/lambda/trigger-handlers.js';
import { apiGatewayEvent, lambdaContext as lambdaCtx, s3Event, scheduledEvent, streamRecord } from '../../support/lambda-events.js';

function recorder() {
  const lines: { level: string; message: string; fields: LogFields }[] = [];
  const counts: [string, number][] = [];
  const at = (level: string) => (message: string, fields: LogFields = {}) => void lines.push({ level, message, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  const deps = { marker: 'deps' };
  const ctx: TriggerContext<typeof deps> = { deps: async () => deps, log, metrics: { count: (name, value = 1) => void counts.push([name, value]) } };
  return { lines, counts, ctx, deps };
}

describe('middlewares', () => {
  it('use: the first middleware wraps the others, each sees the event and the result', async () => {
    const trace: string[] = [];
    const mw = (name: string): Middleware => (next) => async (event, context) => {
      trace.push(`>${name}`);
      const out = await next(event, context);
      trace.push(`<${name}`);
      return out;
    };
    const handler = use(async (event) => (trace.push(`handler:${String(event)}`), 'out'), mw('a'), mw('b'));
    assert.equal(await handler('ev'), 'out');
    assert.deepEqual(trace, ['>a', '>b', 'handler:ev', '<b', '<a']);
  });

  it('lambdaContext adds a Lambda context to the logger, and nothing else', async () => {
    const added: unknown[] = [];
    const handler = use(async () => 'ok', lambdaContext({ addContext: (c) => void added.push(c) }));
    const context = lambdaCtx('fn');
    await handler({}, context);
    await handler({}, { notALambdaContext: true });
    await handler({});
    assert.deepEqual(added, [context]);
  });

  it('flushMetrics flushes after a success and after a failure', async () => {
    let flushed = 0;
    const metrics = { flush: () => void flushed++ };
    assert.equal(await use(async () => 1, flushMetrics(metrics))({}), 1);
    await assert.rejects(use(async () => { throw new Error('boom'); }, flushMetrics(metrics))({}), /boom/);
    assert.equal(flushed, 2);
  });

  it('logFailure logs a failed invocation and rethrows it; a success is not logged', async () => {
    const { lines, ctx } = recorder();
    const err = new Error('boom');
    await assert.rejects(use(async () => { throw err; }, logFailure(ctx.log))({}), (e) => e === err);
    assert.equal(await use(async () => 'fine', logFailure(ctx.log))({}), 'fine');
    assert.deepEqual(lines, [{ level: 'error', message: 'invocation failed', fields: { error: err } }]);
  });

  it('once builds on the first call only, and again after a failed build', async () => {
    let builds = 0;
    const get = once(async () => {
      builds++;
      if (builds === 1) throw new Error('secrets unreachable');
      return { n: builds };
    });
    await assert.rejects(get(), /secrets unreachable/);
    const [a, b] = await Promise.all([get(), get()]);
    assert.equal(a, b);
    assert.deepEqual(await get(), { n: 2 });
    assert.equal(builds, 2);
  });
});

describe('trigger handlers', () => {
  it('HTTP: the function answers; the status class is counted', async () => {
    const { ctx, counts, deps } = recorder();
    let got: unknown;
    const handle = httpTrigger(ctx, async (req, d) => ((got = d), ok(200, req.path, null)), 1024);
    const res = await handle(apiGatewayEvent({ method: 'GET', path: '/v1/x' }));
    assert.equal(res.statusCode, 200);
    assert.equal(JSON.parse(res.body).message, '/v1/x');
    assert.equal(got, deps);
    assert.deepEqual(counts, [['Http2xx', 1]]);
  });

  it('HTTP: a body over the limit is a 413 in the envelope, logged as refused, and the function is not called', async () => {
    const { ctx, counts, lines } = recorder();
    let called = false;
    const handle = httpTrigger(ctx, async () => ((called = true), ok(200, 'x', null)), 16);
    const res = await handle(apiGatewayEvent({ method: 'POST', path: '/v1/x', body: 'x'.repeat(17) }));
    assert.equal(res.statusCode, 413);
    assert.equal(JSON.parse(res.body).error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(called, false);
    assert.deepEqual(counts, [['Http4xx', 1]]);
    assert.equal(lines[0]?.message, 'request refused');
  });

  it('HTTP: a refused request (4xx) is a warning; a crash is a 500 without its cause in the body', async () => {
    const { ctx, counts, lines } = recorder();
    const refused = await httpTrigger(ctx, async () => { throw new AppError('NOT_FOUND', 404, 'nope'); }, 1024)(apiGatewayEvent({ method: 'GET', path: '/v1/x' }));
    assert.equal(refused.statusCode, 404);
    assert.deepEqual(lines[0], { level: 'warn', message: 'request refused', fields: { code: 'NOT_FOUND', reason: 'nope' } });
    const crashed = await httpTrigger(ctx, async () => { throw new Error('secret detail'); }, 1024)(apiGatewayEvent({ method: 'GET', path: '/v1/x' }));
    assert.equal(crashed.statusCode, 500);
    assert.doesNotMatch(crashed.body, /secret detail/);
    assert.deepEqual(counts, [['Http4xx', 1], ['Http5xx', 1]]);
  });

  it('not an HTTP event, for an HTTP-only function: a 400 in the envelope', () => {
    const { ctx, counts } = recorder();
    const res = notHttp(ctx);
    assert.equal(res.statusCode, 400);
    assert.match(JSON.parse(res.body).error.message, /not an HTTP API 2\.0 event/);
    assert.deepEqual(counts, [['Http4xx', 1]]);
  });

  it('S3: every record is attempted; the failed keys fail the invocation', async () => {
    const { ctx, counts } = recorder();
    const seen: string[] = [];
    const handle = objectCreatedTrigger(
      ctx,
      async (e) => {
        seen.push(e.key);
        if (e.key.includes('bad')) throw new Error('cannot parse');
      },
      [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' }],
    );
    await assert.rejects(handle(s3Event('b', ['invoices/u/a.pdf', 'invoices/u/bad.pdf', 'invoices/u/c.pdf'])), /1 of 3 S3 records failed: invoices\/u\/bad\.pdf/);
    assert.deepEqual(seen, ['invoices/u/a.pdf', 'invoices/u/bad.pdf', 'invoices/u/c.pdf']);
    assert.deepEqual(counts, [['RecordsProcessed', 2], ['RecordsFailed', 1]]);
  });

  it('stream: processing stops at the first failed record, which is reported by sequence number', async () => {
    const { ctx, counts } = recorder();
    const seen: string[] = [];
    const handle = changeFeedTrigger(
      ctx,
      async (r) => {
        seen.push(String(r.newImage?.InvoiceID));
        if (r.newImage?.InvoiceID === 'b') throw new Error('publish failed');
      },
      [{ kind: 'changeFeed', table: 'rentalInvoices', events: ['INSERT'] }],
      new Map([['RentalInvoices', 'rentalInvoices']]),
    );
    const rec = (seq: string, id: string) => streamRecord({ table: 'RentalInvoices', eventName: 'INSERT', seq, keys: { UserID: 'u', InvoiceID: id }, newImage: { UserID: 'u', InvoiceID: id } });
    assert.deepEqual(await handle({ Records: [rec('1', 'a'), rec('2', 'b'), rec('3', 'c')] }), { batchItemFailures: [{ itemIdentifier: '2' }] });
    assert.deepEqual(seen, ['a', 'b']);
    assert.deepEqual(await handle({ Records: [rec('3', 'c')] }), { batchItemFailures: [] });
    assert.deepEqual(counts, [['RecordsProcessed', 1], ['RecordsFailed', 1], ['RecordsProcessed', 1]]);
  });

  it('schedule: the run is logged with its summary and returned', async () => {
    const { ctx, counts, lines } = recorder();
    const handle = scheduleTrigger(ctx, async (e) => ({ ran: e.schedule }), [{ kind: 'schedule', schedule: 'rentalLatest' }]);
    assert.deepEqual(await handle(scheduledEvent('PayPulse-rentalLatest')), { ran: 'rentalLatest' });
    assert.deepEqual(counts, [['ScheduledRuns', 1]]);
    assert.deepEqual(lines.at(-1), { level: 'info', message: 'scheduled run finished', fields: { schedule: 'rentalLatest', summary: { ran: 'rentalLatest' } } });
  });
});
