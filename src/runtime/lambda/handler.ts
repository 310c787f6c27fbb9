/**
 * The Lambda handler of one function: decodes whichever trigger fired (by event shape), builds
 * the function's ports once per cold start and calls the function's handler for that trigger.
 *
 * HTTP callers always get a response in the error envelope; async triggers (S3, stream,
 * schedule) throw so the platform retries and finally dead-letters, after logging which record
 * failed. A stream batch instead reports the failed record (partial batch response).
 */
import type { Deps } from '../../app/deps.js';
import { loadConfig, type Config } from '../../config.js';
import { AppError, errors } from '../../domain/errors.js';
import { errorToResponse } from '../../http/errors.js';
import { systemClock } from '../../ports/clock.js';
import { tableDefinitions } from '../../adapters/aws/tables.js';
import type { PayPulseFunction } from '../function.js';
import {
  manifest,
  type ChangeFeedTrigger,
  type FunctionSpec,
  type ObjectCreatedTrigger,
  type ScheduleTrigger,
  type TableKey,
} from '../manifest.js';
import { composeDeps } from './compose.js';
import { decodeStreamRecord, looksLikeStreamEvent, type StreamBatchResponse } from './events/dynamodb.js';
import { decodeHttpEvent, encodeHttpResponse, looksLikeHttpEvent, type ApiGatewayResult } from './events/http.js';
import { decodeS3Event, looksLikeS3Event } from './events/s3.js';
import { decodeScheduledEvent, looksLikeScheduledEvent } from './events/schedule.js';
import { createMetrics, createPowertoolsLogger } from './observability.js';
import type { PortKey } from './ports.js';
import type { LoadedSecrets, Provider } from './provider.js';

export interface EntryOptions {
  providers: Partial<Record<PortKey, Provider>>;
  /** Present only in bundles of functions that use startup secrets. */
  loadSecrets?: (spec: FunctionSpec, config: Config) => Promise<LoadedSecrets>;
  /** Tests only: environment to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
}

/** The configuration with the startup secrets' values in place. */
export function configWithSecrets(base: Config, secrets: LoadedSecrets): Config {
  return {
    ...base,
    google: { ...base.google, clientId: secrets.googleClientId ?? base.google.clientId },
    gemini: { ...base.gemini, ...(secrets.geminiKey ? { apiKey: secrets.geminiKey } : {}) },
    // The one LLM key secret holds the key of whichever endpoint is configured.
    llm: { ...base.llm, ...(secrets.geminiKey && base.llm.baseUrl ? { apiKey: secrets.geminiKey } : {}) },
  };
}

export type LambdaHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/** `function` is a manifest name (generated entries) or a spec (tests of trigger kinds the manifest lacks). */
export function lambdaHandler(function_: string | FunctionSpec, fn: PayPulseFunction, opts: EntryOptions): LambdaHandler {
  const found = typeof function_ === 'string' ? manifest.find((f) => f.name === function_) : function_;
  if (!found) throw new Error(`${String(function_)} is not in the manifest`);
  const spec: FunctionSpec = found;
  const env = opts.env ?? process.env;
  const baseConfig = loadConfig(env);
  const { log, pt } = createPowertoolsLogger(spec.name, baseConfig.logLevel);
  const metrics = createMetrics(spec.name);
  const triggers = {
    http: spec.triggers.some((t) => t.kind === 'http'),
    objectCreated: spec.triggers.filter((t): t is ObjectCreatedTrigger => t.kind === 'objectCreated'),
    changeFeed: spec.triggers.filter((t): t is ChangeFeedTrigger => t.kind === 'changeFeed'),
    schedule: spec.triggers.filter((t): t is ScheduleTrigger => t.kind === 'schedule'),
  };
  const tableKeys = new Map<string, TableKey>(tableDefinitions(baseConfig).map((t) => [t.name, t.key]));

  // Ports and secrets once per cold start; a failed start is retried on the next invocation.
  let ready: Promise<Deps> | undefined;
  const init = () =>
    (ready ??= (async () => {
      const secrets = opts.loadSecrets ? await opts.loadSecrets(spec, baseConfig) : {};
      return composeDeps({ spec, config: configWithSecrets(baseConfig, secrets), clock: systemClock, log, secrets }, opts.providers);
    })().catch((err: unknown) => {
      ready = undefined;
      throw err;
    }));

  async function onHttp(event: unknown): Promise<ApiGatewayResult> {
    let res;
    try {
      const req = decodeHttpEvent(event, baseConfig.maxBodyBytes);
      const deps = await init();
      res = await fn.http!(req, deps);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) log.warn('request refused', { code: err.code, reason: err.message });
      res = errorToResponse(err, log);
    }
    metrics.count(`Http${Math.floor(res.statusCode / 100)}xx`);
    return encodeHttpResponse(res);
  }

  async function onObjectCreated(event: unknown): Promise<void> {
    const deps = await init();
    const decoded = decodeS3Event(event, triggers.objectCreated);
    const failed: string[] = [];
    // Every record is attempted; handlers are idempotent, so a retried event redoes only harmless work.
    for (const d of decoded) {
      if (!d.ok) {
        log.error('object-created record refused', { record_index: d.index, key: d.rawKey, reason: d.reason });
        failed.push(d.rawKey || `#${d.index}`);
        continue;
      }
      try {
        await fn.objectCreated!(d.event, deps);
      } catch (err) {
        log.error('object-created record failed', { record_index: d.index, key: d.event.key, error: err });
        failed.push(d.event.key);
      }
    }
    metrics.count('RecordsProcessed', decoded.length - failed.length);
    if (failed.length) {
      metrics.count('RecordsFailed', failed.length);
      throw new Error(`${failed.length} of ${decoded.length} S3 records failed: ${failed.join(', ')}`);
    }
  }

  async function onChangeFeed(event: unknown): Promise<StreamBatchResponse> {
    const deps = await init();
    const records = (event as { Records: unknown[] }).Records;
    let processed = 0;
    for (const [index, raw] of records.entries()) {
      const d = decodeStreamRecord(raw, tableKeys);
      let failure: string | undefined;
      if (!d.ok) failure = d.reason;
      else {
        const trigger = triggers.changeFeed.find((t) => t.table === d.record.table);
        if (!trigger) failure = `change of table ${d.record.table}, which this function does not consume`;
        else if (trigger.events.includes(d.record.eventName)) {
          try {
            await fn.changeFeed!(d.record, deps);
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
      log.error('change record failed', {
        record_index: index,
        event_id: d.ok ? d.record.eventId : d.eventId,
        sequence_number: sequenceNumber,
        reason: failure.slice(0, 300),
      });
      metrics.count('RecordsProcessed', processed);
      metrics.count('RecordsFailed');
      // Without a sequence number Lambda cannot resume from the record: fail the whole batch.
      if (!sequenceNumber) throw new Error(`change record #${index} failed and has no sequence number: ${failure}`);
      // Lambda resumes from the lowest reported record, so later ones are retried in order anyway.
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
    }
    metrics.count('RecordsProcessed', processed);
    return { batchItemFailures: [] };
  }

  async function onSchedule(event: unknown): Promise<unknown> {
    const scheduled = decodeScheduledEvent(event, triggers.schedule);
    const deps = await init();
    const result = await fn.schedule!(scheduled, deps);
    metrics.count('ScheduledRuns');
    log.info('scheduled run finished', { schedule: scheduled.schedule, summary: result });
    return result;
  }

  async function dispatch(event: unknown): Promise<unknown> {
    if (looksLikeHttpEvent(event)) {
      if (!triggers.http || !fn.http) throw new Error(`${spec.name} has no HTTP trigger but received an HTTP event`);
      return onHttp(event);
    }
    if (looksLikeS3Event(event) && triggers.objectCreated.length && fn.objectCreated) return onObjectCreated(event);
    if (looksLikeStreamEvent(event) && triggers.changeFeed.length && fn.changeFeed) return onChangeFeed(event);
    if (looksLikeScheduledEvent(event) && triggers.schedule.length && fn.schedule) return onSchedule(event);
    // Only HTTP callers can be answered; anything else must surface as a failed invocation.
    if (spec.triggers.every((t) => t.kind === 'http') && fn.http) {
      log.warn('request refused', { reason: 'not an HTTP API 2.0 event' });
      metrics.count('Http4xx');
      return encodeHttpResponse(errorToResponse(errors.invalidRequest('Malformed request: not an HTTP API 2.0 event'), log));
    }
    throw new Error(`${spec.name} cannot handle this event: no trigger of this function matches its shape`);
  }

  return async (event, context) => {
    if (context && typeof context === 'object' && 'awsRequestId' in context) pt.addContext(context as never);
    try {
      return await dispatch(event);
    } catch (err) {
      log.error('invocation failed', { error: err });
      throw err;
    } finally {
      metrics.flush();
    }
  };
}
