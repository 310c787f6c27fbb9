/**
 * One handler per trigger kind: decode the event, call the function, answer the way that trigger
 * expects. HTTP callers always get a response in the error envelope; S3 and schedule failures
 * throw so the platform retries and finally dead-letters (after logging which record failed); a
 * stream batch reports its first failed record (partial batch response).
 */
import type { Deps } from '../../app/deps.js';
import { AppError, errors } from '../../domain/errors.js';
import { errorToResponse } from '../../http/errors.js';
import type { HttpRequest, HttpResponse } from '../../http/types.js';
import type { ChangeRecord, ObjectCreatedEvent, ScheduledEvent } from '../function.js';
import type { Logger } from '../log.js';
import type { ChangeFeedTrigger, ObjectCreatedTrigger, ScheduleTrigger, TableKey } from '../manifest.js';
import { decodeStreamRecord, type StreamBatchResponse } from './events/dynamodb.js';
import { decodeHttpEvent, encodeHttpResponse, type ApiGatewayResult } from './events/http.js';
import { decodeS3Event } from './events/s3.js';
import { decodeScheduledEvent } from './events/schedule.js';
import type { FunctionMetrics } from './observability.js';

/** What every trigger handler needs: the ports (built once), the log and the metrics. */
export interface TriggerContext<D = Deps> {
  deps: () => Promise<D>;
  log: Logger;
  metrics: Pick<FunctionMetrics, 'count'>;
}

/** An HTTP API 2.0 event → the function's response; never throws. */
export function httpTrigger<D>(
  ctx: TriggerContext<D>,
  handle: (req: HttpRequest, deps: D) => Promise<HttpResponse>,
  maxBodyBytes: number,
): (event: unknown) => Promise<ApiGatewayResult> {
  return async (event) => {
    let res;
    try {
      const req = decodeHttpEvent(event, maxBodyBytes);
      res = await handle(req, await ctx.deps());
    } catch (err) {
      if (err instanceof AppError && err.status < 500) ctx.log.warn('request refused', { code: err.code, reason: err.message });
      res = errorToResponse(err, ctx.log);
    }
    ctx.metrics.count(`Http${Math.floor(res.statusCode / 100)}xx`);
    return encodeHttpResponse(res);
  };
}

/** The answer to an event that is not HTTP, for a function that only has HTTP triggers. */
export function notHttp(ctx: Omit<TriggerContext, 'deps'>): ApiGatewayResult {
  ctx.log.warn('request refused', { reason: 'not an HTTP API 2.0 event' });
  ctx.metrics.count('Http4xx');
  return encodeHttpResponse(errorToResponse(errors.invalidRequest('Malformed request: not an HTTP API 2.0 event'), ctx.log));
}

/** Every record of an S3 event is attempted; any failure fails the invocation, naming the keys. */
export function objectCreatedTrigger<D>(
  ctx: TriggerContext<D>,
  handle: (event: ObjectCreatedEvent, deps: D) => Promise<void>,
  triggers: ObjectCreatedTrigger[],
): (event: unknown) => Promise<void> {
  return async (event) => {
    const deps = await ctx.deps();
    const decoded = decodeS3Event(event, triggers);
    const failed: string[] = [];
    // Handlers are idempotent, so a retried event redoes only harmless work.
    for (const d of decoded) {
      if (!d.ok) {
        ctx.log.error('object-created record refused', { record_index: d.index, key: d.rawKey, reason: d.reason });
        failed.push(d.rawKey || `#${d.index}`);
        continue;
      }
      try {
        await handle(d.event, deps);
      } catch (err) {
        ctx.log.error('object-created record failed', { record_index: d.index, key: d.event.key, error: err });
        failed.push(d.event.key);
      }
    }
    ctx.metrics.count('RecordsProcessed', decoded.length - failed.length);
    if (failed.length) {
      ctx.metrics.count('RecordsFailed', failed.length);
      throw new Error(`${failed.length} of ${decoded.length} S3 records failed: ${failed.join(', ')}`);
    }
  };
}

/**
 * A stream batch in order, stopping at the first failed record and reporting it: Lambda resumes
 * from the lowest reported record, so later ones are retried in order anyway.
 */
export function changeFeedTrigger<D>(
  ctx: TriggerContext<D>,
  handle: (record: ChangeRecord, deps: D) => Promise<void>,
  triggers: ChangeFeedTrigger[],
  tableKeys: Map<string, TableKey>,
): (event: unknown) => Promise<StreamBatchResponse> {
  return async (event) => {
    const deps = await ctx.deps();
    const records = (event as { Records: unknown[] }).Records;
    let processed = 0;
    for (const [index, raw] of records.entries()) {
      const d = decodeStreamRecord(raw, tableKeys);
      let failure: string | undefined;
      if (!d.ok) failure = d.reason;
      else {
        const trigger = triggers.find((t) => t.table === d.record.table);
        if (!trigger) failure = `change of table ${d.record.table}, which this function does not consume`;
        else if (trigger.events.includes(d.record.eventName)) {
          try {
            await handle(d.record, deps);
          } catch (err) {
            failure = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          }
        }
      }
      if (failure === undefined) {
        processed++;
        continue;
      }
      const sequenceNumber = d.sequenceNumber;
      ctx.log.error('change record failed', {
        record_index: index,
        event_id: d.ok ? d.record.eventId : d.eventId,
        sequence_number: sequenceNumber,
        reason: failure.slice(0, 300),
      });
      ctx.metrics.count('RecordsProcessed', processed);
      ctx.metrics.count('RecordsFailed');
      // Without a sequence number Lambda cannot resume from the record: fail the whole batch.
      if (!sequenceNumber) throw new Error(`change record #${index} failed and has no sequence number: ${failure}`);
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
    }
    ctx.metrics.count('RecordsProcessed', processed);
    return { batchItemFailures: [] };
  };
}

/** An EventBridge schedule; the run's summary is logged and returned. */
export function scheduleTrigger<D>(
  ctx: TriggerContext<D>,
  handle: (event: ScheduledEvent, deps: D) => Promise<unknown>,
  triggers: ScheduleTrigger[],
): (event: unknown) => Promise<unknown> {
  return async (event) => {
    const scheduled = decodeScheduledEvent(event, triggers);
    const result = await handle(scheduled, await ctx.deps());
    ctx.metrics.count('ScheduledRuns');
    ctx.log.info('scheduled run finished', { schedule: scheduled.schedule, summary: result });
    return result;
  };
}
