import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedClock } from '../../src/domain/clock.js';
import { PeriodError, parsePeriod } from '../../src/domain/periods.js';

// 2026-11-25 10:30 in Shanghai (UTC+8, no DST) is 02:30 UTC.
const clock = fixedClock('2026-11-25T02:30:00Z');
const TZ = 'Asia/Shanghai';
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe('parsePeriod', () => {
  test('today and yesterday are local calendar days', () => {
    assert.deepEqual(iso(parsePeriod('today', clock, TZ)), ['2026-11-24T16:00:00.000Z', '2026-11-25T02:30:00.000Z']);
    assert.deepEqual(iso(parsePeriod('yesterday', clock, TZ)), ['2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z']);
  });

  test('7d is seven calendar days including today; mtd and ytd start at local midnight', () => {
    assert.deepEqual(iso(parsePeriod('7d', clock, TZ)), ['2026-11-18T16:00:00.000Z', '2026-11-25T02:30:00.000Z']);
    assert.equal(parsePeriod('mtd', clock, TZ).from.toISOString(), '2026-10-31T16:00:00.000Z');
    assert.equal(parsePeriod('ytd', clock, TZ).from.toISOString(), '2025-12-31T16:00:00.000Z');
  });

  test('A..B includes both days; the same day alone is one day', () => {
    assert.deepEqual(iso(parsePeriod('2026-11-01..2026-11-20', clock, TZ)), ['2026-10-31T16:00:00.000Z', '2026-11-20T16:00:00.000Z']);
    assert.deepEqual(iso(parsePeriod('2026-11-01', clock, TZ)), ['2026-10-31T16:00:00.000Z', '2026-11-01T16:00:00.000Z']);
  });

  test('time zones with daylight saving get 23- and 25-hour days right', () => {
    const spring = parsePeriod('2026-03-08', clock, 'America/New_York');
    assert.equal(spring.to.getTime() - spring.from.getTime(), 23 * 3600_000);
    assert.equal(spring.from.toISOString(), '2026-03-08T05:00:00.000Z');
  });

  test('malformed, reversed and future periods are errors with a reason', () => {
    for (const [input, reason] of [['2026-13-01..2026-13-05', 'malformed'], ['2026-02-30', 'malformed'], ['last week', 'malformed'], ['0d', 'malformed'],
      ['2026-11-20..2026-11-01', 'reversed'], ['2027-01-01..2027-01-31', 'future']] as const) {
      assert.throws(() => parsePeriod(input, clock, TZ), (e: unknown) => e instanceof PeriodError && e.reason === reason, input);
    }
  });
});
