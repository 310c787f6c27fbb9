import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naiveUtcIso, parseUtcIso, utcDate, utcIsoWithOffset, utcTimeOfDay } from '../../src/domain/time.js';

const instant = new Date('2025-09-19T14:03:27.512Z');

test('UTC date and time shapes match the original attributes', () => {
  assert.equal(utcDate(instant), '2025-09-19');
  assert.equal(utcTimeOfDay(instant), '14:03:27.512000');
  assert.equal(naiveUtcIso(instant), '2025-09-19T14:03:27.512000');
  assert.equal(utcIsoWithOffset(instant), '2025-09-19T14:03:27.512000+00:00');
});

test('naive ISO timestamps are read as UTC, microseconds and zones honoured', () => {
  assert.equal(parseUtcIso('2025-11-01T11:00:00.123456')?.toISOString(), '2025-11-01T11:00:00.123Z');
  assert.equal(parseUtcIso('2025-10-06T08:30:01.123456+00:00')?.toISOString(), '2025-10-06T08:30:01.123Z');
  assert.equal(parseUtcIso('2025-10-06T10:30:01+02:00')?.toISOString(), '2025-10-06T08:30:01.000Z');
  assert.equal(parseUtcIso('not a date'), undefined);
  assert.equal(parseUtcIso(undefined), undefined);
});
