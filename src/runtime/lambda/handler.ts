/**
 * The Lambda handler of one function, composed in one place: the invocation-wide middlewares
 * (`middleware.ts`) around a dispatch by event shape to the handler of the trigger that fired
 * (`trigger-handlers.ts`). The function's ports and startup secrets are built once per cold start.
 */
import type { Deps } from '../../app/deps.js';
import { loadConfig, type Config } from '../../config.js';
import { systemClock } from '../../ports/clock.js';
import { tableDefinitions } from '../../adapters/aws/tables.js';
import type { PayPulseFunction } from '../function.js';
import { manifest, type ChangeFeedTrigger, type FunctionSpec, type ObjectCreatedTrigger, type ScheduleTrigger } from '../manifest.js';
import type { PortKey } from '../ports.js';
import { composeDeps } from './compose.js';
import { looksLikeStreamEvent } from './events/dynamodb.js';
import { looksLikeHttpEvent } from './events/http.js';
import { looksLikeS3Event } from './events/s3.js';
import { looksLikeScheduledEvent } from './events/schedule.js';
import { flushMetrics, lambdaContext, logFailure, once, use, type Invoke } from './middleware.js';
import { createMetrics, createPowertoolsLogger } from './observability.js';
import type { LoadedSecrets, Provider } from './provider.js';
import { changeFeedTrigger, httpTrigger, notHttp, objectCreatedTrigger, scheduleTrigger, type TriggerContext } from './trigger-handlers.js';

export interface EntryOptions {
  /** The providers of exactly the ports the function lists, in build order. */
  providers: [PortKey, Provider][];
  /** Present only in bundles of functions whose ports use startup secrets. */
  loadSecrets?: (config: Config) => Promise<LoadedSecrets>;
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

export type LambdaHandler = Invoke;

/** A listed port without a provider (or a provider for an unlisted one) fails here, at import. */
function checkProviders(spec: FunctionSpec, providers: EntryOptions['providers']): void {
  const given = providers.map(([k]) => k).sort();
  const listed = [...spec.ports].sort();
  if (given.join() !== listed.join()) {
    throw new Error(`${spec.name}: providers [${given.join(', ')}] do not match the ports its manifest entry lists [${listed.join(', ')}]`);
  }
}

/** `function` is a manifest name (generated entries) or a spec (tests of trigger kinds the manifest lacks). */
export function lambdaHandler(function_: string | FunctionSpec, fn: PayPulseFunction, opts: EntryOptions): LambdaHandler {
  const found = typeof function_ === 'string' ? manifest.find((f) => f.name === function_) : function_;
  if (!found) throw new Error(`${String(function_)} is not in the manifest`);
  const spec: FunctionSpec = found;
  checkProviders(spec, opts.providers);
  const baseConfig = loadConfig(opts.env ?? process.env);
  const { log, pt } = createPowertoolsLogger(spec.name, baseConfig.logLevel);
  const metrics = createMetrics(spec.name);
  const deps = once(async (): Promise<Deps> => {
    const secrets = opts.loadSecrets ? await opts.loadSecrets(baseConfig) : {};
    return composeDeps({ spec, config: configWithSecrets(baseConfig, secrets), clock: systemClock, log, secrets }, opts.providers);
  });
  const ctx: TriggerContext = { deps, log, metrics };
  const of = <T extends FunctionSpec['triggers'][number]['kind']>(kind: T) =>
    spec.triggers.filter((t) => t.kind === kind) as Extract<FunctionSpec['triggers'][number], { kind: T }>[];
  const objectTriggers: ObjectCreatedTrigger[] = of('objectCreated');
  const feedTriggers: ChangeFeedTrigger[] = of('changeFeed');
  const scheduleTriggers: ScheduleTrigger[] = of('schedule');
  const tableKeys = new Map(tableDefinitions(baseConfig).map((t) => [t.name, t.key]));

  const onHttp = fn.http && of('http').length ? httpTrigger(ctx, fn.http, baseConfig.maxBodyBytes) : undefined;
  const onObject = fn.objectCreated && objectTriggers.length ? objectCreatedTrigger(ctx, fn.objectCreated, objectTriggers) : undefined;
  const onChange = fn.changeFeed && feedTriggers.length ? changeFeedTrigger(ctx, fn.changeFeed, feedTriggers, tableKeys) : undefined;
  const onSchedule = fn.schedule && scheduleTriggers.length ? scheduleTrigger(ctx, fn.schedule, scheduleTriggers) : undefined;
  const httpOnly = spec.triggers.every((t) => t.kind === 'http') && fn.http !== undefined;

  const dispatch: Invoke = async (event) => {
    if (looksLikeHttpEvent(event)) {
      if (!onHttp) throw new Error(`${spec.name} has no HTTP trigger but received an HTTP event`);
      return onHttp(event);
    }
    if (onObject && looksLikeS3Event(event)) return onObject(event);
    if (onChange && looksLikeStreamEvent(event)) return onChange(event);
    if (onSchedule && looksLikeScheduledEvent(event)) return onSchedule(event);
    // Only HTTP callers can be answered; anything else must surface as a failed invocation.
    if (httpOnly) return notHttp(ctx);
    throw new Error(`${spec.name} cannot handle this event: no trigger of this function matches its shape`);
  };

  return use(dispatch, lambdaContext(pt), flushMetrics(metrics), logFailure(log));
}
