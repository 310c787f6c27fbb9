import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextFire, parseSchedule, ScheduleExpressionError } from '../../src/runtime/local/cron.js';

const next = (expr: string, after: string) => nextFire(parseSchedule(expr), new Date(after))?.toISOString();

test('the rental schedule fires on weekdays at 08:30 UTC only', () => {
  const expr = 'cron(30 8 ? * MON-FRI *)';
  // Wednesday 2025-10-01, before and after 08:30
  assert.equal(next(expr, '2025-10-01T08:00:00Z'), '2025-10-01T08:30:00.000Z');
  assert.equal(next(expr, '2025-10-01T08:30:00Z'), '2025-10-02T08:30:00.000Z');
  // Friday after the run → Monday
  assert.equal(next(expr, '2025-10-03T09:00:00Z'), '2025-10-06T08:30:00.000Z');
});

test('the retail schedule fires on Mondays at 06:00 UTC; day-of-week 1 is Sunday as in AWS', () => {
  assert.equal(next('cron(0 6 ? * MON *)', '2025-10-01T00:00:00Z'), '2025-10-06T06:00:00.000Z');
  assert.equal(next('cron(0 6 ? * 1 *)', '2025-10-01T00:00:00Z'), '2025-10-05T06:00:00.000Z');
});

test('lists, ranges, steps, month names, day-of-month and years', () => {
  assert.equal(next('cron(0/15 * * * ? *)', '2025-10-01T10:07:00Z'), '2025-10-01T10:15:00.000Z');
  assert.equal(next('cron(5,10 12 1 JAN,JUL ? *)', '2025-02-01T00:00:00Z'), '2025-07-01T12:05:00.000Z');
  assert.equal(next('cron(0 0 31 * ? *)', '2025-04-01T00:00:00Z'), '2025-05-31T00:00:00.000Z');
  assert.equal(next('cron(0 0 1 1 ? 2027)', '2025-04-01T00:00:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('cron(0 0 1 1 ? 2020)', '2025-04-01T00:00:00Z'), undefined);
  assert.equal(next('rate(5 minutes)', '2025-04-01T00:00:00Z'), '2025-04-01T00:05:00.000Z');
});

test('unsupported or malformed expressions are refused, not guessed', () => {
  for (const bad of ['cron(0 8 * * MON-FRI *)', 'cron(0 8 ? * ? *)', 'cron(0 8 L * ? *)', 'cron(0 8 ? * 6#3 *)', 'cron(61 8 ? * * *)', 'cron(0 8 ? *)', 'every day', 'rate(0 minutes)']) {
    assert.throws(() => parseSchedule(bad), ScheduleExpressionError, bad);
  }
});
