/**
 * EventBridge scheduled events → `ScheduledEvent`. The event is checked strictly: a scheduled
 * event has exactly the documented top-level fields and an empty `detail`; anything else was
 * not sent by the schedule and is refused.
 */
import type { ScheduledEvent } from '../../function.js';
import type { ScheduleTrigger } from '../../manifest.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = new Set(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);

export function looksLikeScheduledEvent(event: unknown): boolean {
  return isObj(event) && event.source === 'aws.events';
}

/**
 * The rule that fired is named after the schedule setting (`<stack>-<schedule>`), so a function
 * with several schedules knows which one; with one schedule it is that one.
 */
export function decodeScheduledEvent(event: unknown, triggers: ScheduleTrigger[]): ScheduledEvent {
  if (!isObj(event) || event.source !== 'aws.events') throw new Error('not an EventBridge event');
  if (event['detail-type'] !== 'Scheduled Event') throw new Error(`unexpected detail-type ${String(event['detail-type'])}`);
  const extra = Object.keys(event).filter((k) => !FIELDS.has(k));
  if (extra.length) throw new Error(`scheduled event with unexpected fields: ${extra.join(', ')}`);
  if (!isObj(event.detail) || Object.keys(event.detail).length) throw new Error('scheduled event with a non-empty detail');
  if (typeof event.time !== 'string' || Number.isNaN(Date.parse(event.time))) throw new Error('scheduled event without a valid time');
  const resources = Array.isArray(event.resources) ? event.resources.filter((r): r is string => typeof r === 'string') : [];
  const trigger =
    triggers.length === 1
      ? triggers[0]
      : triggers.find((t) => resources.some((arn) => arn.endsWith(`-${t.schedule}`)));
  if (!trigger) throw new Error('scheduled event from a rule this function does not own');
  return { schedule: trigger.schedule, time: event.time };
}
