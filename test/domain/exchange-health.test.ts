import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ExchangeHealth, isVenueFailing, recordVenueOutcome } from '../../src/domain/exchange-health.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 8, minute));
const rule = { spanMs: 10 * 60_000, minFailures: 3 };

test('a streak: failures extend it, a success ends it; failing needs both the count and the span to the last failure', () => {
  const health: ExchangeHealth = new Map();
  recordVenueOutcome(health, 'okx', at(0), null);
  recordVenueOutcome(health, 'okx', at(1), 'timeout: no answer within 5000 ms');
  recordVenueOutcome(health, 'okx', at(1), 'timeout: no answer within 5000 ms');
  recordVenueOutcome(health, 'okx', at(2), 'ExchangeNotAvailable: 503');
  const three = health.get('okx');
  assert.deepEqual(three, { lastSuccessAt: at(0), failingSince: at(1), failures: 3, lastFailureAt: at(2), lastReason: 'ExchangeNotAvailable: 503' });
  assert.equal(isVenueFailing(three as never, rule), false, 'three failures within a minute: no span yet (time with no calls proves nothing)');
  const later = recordVenueOutcome(health, 'okx', at(11), 'timeout: no answer within 5000 ms');
  assert.equal(isVenueFailing(later, rule), true);
  assert.equal(isVenueFailing(later, { ...rule, minFailures: 5 }), false);
  const ok = recordVenueOutcome(health, 'okx', at(12), null);
  assert.deepEqual(ok, { lastSuccessAt: at(12), failingSince: null, failures: 0, lastFailureAt: at(11), lastReason: 'timeout: no answer within 5000 ms' });
  assert.equal(isVenueFailing(ok, rule), false);
  assert.equal(health.size, 1);
});
