import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDigest, type DigestItem } from '../../../src/domain/alerts/digest.js';
import { describeMatcher, parseSilenceTarget, silencing } from '../../../src/domain/alerts/silences.js';
import { conditionKey, healthyState, observeCondition, parseConditionKey } from '../../../src/domain/alerts/system-health.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 8, minute));

describe('digest', () => {
  test('most severe first, types taking turns, each by the money at stake; the rest counted per type', () => {
    const items: DigestItem[] = [
      { key: 'lag:1', type: 'lag', severity: 'warning', weight: 900, occurredAt: at(0) },
      { key: 'unhedged:2', type: 'unhedged', severity: 'critical', weight: 50_000, occurredAt: at(1) },
      { key: 'pnl:3', type: 'pnl', severity: 'critical', weight: 80_000, occurredAt: at(2) },
      { key: 'roundtrip:4:5', type: 'roundtrip', severity: 'warning', weight: 10, occurredAt: at(3) },
      { key: 'lag:6', type: 'lag', severity: 'warning', weight: 5, occurredAt: at(4) },
      { key: 'unhedged:7', type: 'unhedged', severity: 'critical', weight: 90_000, occurredAt: at(5) },
      { key: 'roundtrip:8:9', type: 'roundtrip', severity: 'critical', weight: 20, occurredAt: at(6) },
    ];
    const digest = buildDigest(items, 5);
    // Critical: unhedged (largest first), pnl, round trip take turns, then the second unhedged.
    assert.deepEqual(digest.shown.map((i) => i.key), ['unhedged:7', 'pnl:3', 'roundtrip:8:9', 'unhedged:2', 'roundtrip:4:5']);
    assert.equal(digest.hiddenCount, 2);
    assert.deepEqual(digest.hidden, { lag: 2 });
    assert.deepEqual(digest.counts, { unhedged: 2, pnl: 1, roundtrip: 2, lag: 2 });
  });
});

describe('silences', () => {
  const alert = { key: 'pnl:L1', type: 'pnl' as const, rule: 'pnl_low' as const, coin: 'BTC', clientId: 'C1' };
  const silence = (matcher: ReturnType<typeof parseSilenceTarget>) => ({ id: 1, matcher: matcher as NonNullable<typeof matcher>, startsAt: at(0), endsAt: at(30) });

  test('RULE, KEY, coin=X and client=Y targets', () => {
    assert.deepEqual(parseSilenceTarget({ text: 'pnl' }), { kind: 'type', value: 'pnl' });
    assert.deepEqual(parseSilenceTarget({ text: 'lag_high' }), { kind: 'rule', value: 'lag_high' });
    assert.deepEqual(parseSilenceTarget({ text: 'PNL:L1' }), { kind: 'key', value: 'pnl:L1' });
    assert.deepEqual(parseSilenceTarget({ coin: 'btc' }), { kind: 'coin', value: 'BTC' });
    assert.equal(parseSilenceTarget({ text: 'pnll' }), null);
    assert.equal(describeMatcher({ kind: 'client', value: 'C9' }), 'client=C9');
  });

  test('applies while in force, to matching alerts only, never to system alerts', () => {
    const byCoin = [silence(parseSilenceTarget({ coin: 'BTC' }))];
    assert.equal(silencing(byCoin, alert, at(10))?.id, 1);
    assert.equal(silencing(byCoin, alert, at(30)), undefined); // ends exclusive
    assert.equal(silencing(byCoin, { ...alert, coin: 'ETH' }, at(10)), undefined);
    assert.equal(silencing([silence(parseSilenceTarget({ client: 'C2' }))], { ...alert, clientId: 'C1+C2' }, at(10))?.id, 1);
    assert.equal(silencing([silence({ kind: 'type', value: 'system' })], { ...alert, type: 'system' }, at(10)), undefined);
  });
});

describe('system health alerts', () => {
  const hour = 3_600_000;
  test('one line when trouble starts, reminders rate-limited, one recovery line', () => {
    let state = healthyState('source_db');
    const first = observeCondition(state, { failing: true, detail: 'ECONNREFUSED' }, at(0), hour);
    assert.equal(first.alert?.rule, 'system_down');
    state = first.state;
    const soon = observeCondition(state, { failing: true }, at(5), hour);
    assert.equal(soon.alert, null);
    const later = observeCondition(soon.state, { failing: true }, new Date(at(0).getTime() + hour), hour);
    assert.equal(later.alert?.key, `system:source_db:down:${at(0).toISOString()}:1`);
    const recovered = observeCondition(later.state, { failing: false }, new Date(at(0).getTime() + 2 * hour), hour);
    assert.equal(recovered.alert?.rule, 'system_recovered');
    assert.equal(recovered.alert?.details.durationSeconds, 7200);
    assert.equal(recovered.state.since, null);
    assert.equal(observeCondition(recovered.state, { failing: false }, at(59), hour).alert, null);
  });

  test('a condition about one subject: its own key, the start it reports, and who must not get it', () => {
    const key = conditionKey('stream_disconnected', 'host-a:41');
    assert.deepEqual(parseConditionKey(key), { condition: 'stream_disconnected', subject: 'host-a:41' });
    assert.deepEqual(parseConditionKey('source_db'), { condition: 'source_db', subject: null });
    const down = observeCondition(healthyState(key), { failing: true, startedAt: at(1), detail: 'reconnects=3' }, at(7), hour);
    assert.equal(down.alert?.key, `system:stream_disconnected:host-a:41:down:${at(1).toISOString()}`);
    assert.deepEqual(down.alert?.details, { condition: 'stream_disconnected', subject: 'host-a:41', detail: 'reconnects=3', since: at(1).toISOString() });
    assert.equal(down.state.lastNotifiedAt?.getTime(), at(7).getTime(), 'reminders count from the first line');
    // A start in the future (clock skew) is clamped to now.
    assert.equal(observeCondition(healthyState(key), { failing: true, startedAt: at(9) }, at(7), hour).state.since?.getTime(), at(7).getTime());

    const push = conditionKey('push_failing', 'cid-1');
    const failing = observeCondition(healthyState(push), { failing: true, notFor: ['cid-1'] }, at(0), hour);
    assert.deepEqual(failing.alert?.notFor, ['cid-1']);
    const back = observeCondition(failing.state, { failing: false, notFor: ['cid-1'] }, at(30), hour);
    assert.equal(back.alert?.rule, 'system_recovered');
    assert.deepEqual(back.alert?.notFor, ['cid-1']);
    assert.equal(observeCondition(healthyState('source_db'), { failing: true }, at(0), hour).alert?.notFor, undefined);
  });
});
