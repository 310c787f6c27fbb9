/**
 * EventBridge scheduled events → `ScheduledEvent`. The event is checked strictly: a scheduled
 * event has exactly the documented top-level fields and an empty `detail`; anything else was
 * not sent by the schedule and is refused.
 */
import * as z from 'zod/mini';
import type { ScheduledEvent } from '../../function.js';
import type { ScheduleTrigger } from '../../manifest.js';
import { failedAt } from './records.js';

const fromEventBridge = z.object({ source: z.literal('aws.events') });
const scheduled = z.strictObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
  detail: z.strictObject({}),
  time: z.string().check(z.refine((t) => !Number.isNaN(Date.parse(t)))),
  // Only the rule ARNs matter; anything else in the list is ignored.
  resources: z.catch(z.array(z.unknown()), []),
  version: z.optional(z.unknown()),
  id: z.optional(z.unknown()),
  account: z.optional(z.unknown()),
  region: z.optional(z.unknown()),
});

export function looksLikeScheduledEvent(event: unknown): boolean {
  return fromEventBridge.safeParse(event).success;
}

/** Why an event is refused, in the order the checks run. */
function refusal(event: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): string {
  if (failedAt(issues, 'detail-type')) return `unexpected detail-type ${String(event['detail-type'])}`;
  const extra = issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  if (extra?.code === 'unrecognized_keys') return `scheduled event with unexpected fields: ${extra.keys.join(', ')}`;
  if (failedAt(issues, 'detail')) return 'scheduled event with a non-empty detail';
  return 'scheduled event without a valid time';
}

/**
 * The rule that fired is named after the schedule setting (`<stack>-<schedule>`), so a function
 * with several schedules knows which one; with one schedule it is that one.
 */
export function decodeScheduledEvent(event: unknown, triggers: ScheduleTrigger[]): ScheduledEvent {
  if (!fromEventBridge.safeParse(event).success) throw new Error('not an EventBridge event');
  const decoded = scheduled.safeParse(event);
  if (!decoded.success) throw new Error(refusal(event as Record<string, unknown>, decoded.error.issues));
  const resources = decoded.data.resources.filter((r): r is string => typeof r === 'string');
  const trigger =
    triggers.length === 1
      ? triggers[0]
      : triggers.find((t) => resources.some((arn) => arn.endsWith(`-${t.schedule}`)));
  if (!trigger) throw new Error('scheduled event from a rule this function does not own');
  return { schedule: trigger.schedule, time: decoded.data.time };
}
