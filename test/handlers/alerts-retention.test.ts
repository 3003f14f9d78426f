// Retention and history: a digest too long to show in full points at an `/alerts history N` that
// lists every alert it hid; alerts past `alerts.retention` are pruned at the end of a cycle once every
// copy is settled (sent or muted), and nothing undelivered is ever deleted, whatever its age.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAlertRepository } from '../../src/adapters/db/alert-repository.js';
import type { PushSender } from '../../src/bot/push.js';
import { replyAsText } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { alertKeys, type NewAlert } from '../../src/domain/alerts/types.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const clock = fixedClock('2026-08-01T08:00:00Z');
let app: TestApp;
let restorePush: () => void;

const digests = (conversationId: string) =>
  (app.console?.list(conversationId) ?? []).flatMap((e) => (e.from === 'bot' && e.kind === 'markdown' ? [e.markdown] : []));
const outboxKeys = async () => (await app.database.pool.query('SELECT alert_key FROM otc_bot.alert_outbox ORDER BY alert_key')).rows.map((r) => r.alert_key as string);
const count = async (table: string) => (await app.database.pool.query(`SELECT count(*)::int AS n FROM otc_bot.${table}`)).rows[0].n as number;

function unhedged(lockId: string, weight: number): NewAlert {
  return {
    key: alertKeys.unhedged(lockId),
    type: 'unhedged',
    rule: 'unhedged',
    severity: 'critical',
    weight,
    coin: 'BTC',
    clientId: 'C1',
    lockId,
    occurredAt: clock.now(),
    details: { side: 'buy', quoteCoin: 'USDT', amount: 1, price: 1, notional: 1, openSeconds: 700, afterSeconds: 600 },
  };
}

function roundtrip(a: string, b: string): NewAlert {
  return {
    key: alertKeys.roundtrip(a, b),
    type: 'roundtrip',
    rule: 'roundtrip',
    severity: 'critical',
    weight: 1,
    coin: 'ETH',
    clientId: 'C7',
    lockId: a,
    occurredAt: clock.now(),
    details: { quoteCoin: 'USDT', buy: { id: a, amount: 1, price: 3000 }, sell: { id: b, amount: 1, price: 3010 }, gapSeconds: 60, clientGain: 10 },
  };
}

async function plant(alerts: NewAlert[]): Promise<void> {
  await createAlertRepository(app.database.pool).record(
    alerts.map((alert) => ({ ...alert, silenceId: null })),
    clock.now(),
  );
}

before(async () => {
  app = await startTestApp({ clock });
  // 'desk' gets unhedged alerts; 'dead' gets round trips and can never be reached.
  assert.match(replyAsText(await app.ask('/subscribe unhedged', { conversationId: 'desk' })), /已订阅/);
  assert.match(replyAsText(await app.ask('/subscribe roundtrip', { conversationId: 'dead' })), /已订阅/);
  const push = app.services.push as { push: PushSender['push'] };
  const original = push.push;
  push.push = async (id, parts, options) => {
    if (id === 'dead') throw new Error('robot removed from the group');
    return original(id, parts, options);
  };
  restorePush = () => {
    push.push = original;
  };
  assert.equal((await runAlertCycle(app.services)).ok, true); // first start
});
after(async () => {
  restorePush();
  await app.close();
});

describe('alert history and retention', () => {
  test('what a digest does not show in full is listed by the /alerts history it points to', async () => {
    const locks = Array.from({ length: 25 }, (_, i) => `A${String(i).padStart(2, '0')}`);
    await plant(locks.map((lock, i) => unhedged(lock, i)));
    await plant([roundtrip('R1', 'R2')]);
    clock.advance(5 * 60_000);
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.delivery.sent, 1);
    assert.equal(outcome.delivery.failed, 1);
    const digest = digests('desk').at(-1) ?? '';
    assert.match(digest, /风控告警（25 条）/);
    assert.match(digest, /另有 15 条未展开（未对冲 15），发送 \/alerts history 25 查看全部/);
    const shown = locks.filter((lock) => new RegExp(`锁价单 ${lock}(?!\\d)`).test(digest));
    assert.equal(shown.length, 10);

    // A round trip for another conversation came after them; the history the digest names still
    // lists every alert it hid.
    const history = replyAsText(await app.ask('/alerts history 25', { conversationId: 'desk' }));
    const hidden = locks.filter((lock) => !shown.includes(lock));
    assert.match(history, /本会话最近 25 条告警/);
    for (const lock of hidden) assert.match(history, new RegExp(`unhedged:${lock} \\| BTC \\| C1 \\| 已发 1`), lock);
    assert.doesNotMatch(history, /roundtrip/, "another conversation's alert does not push this digest's out");
    // Asked where no alerts are received (a risk officer's 1:1 chat): every alert.
    const all = replyAsText(await app.ask('/alerts history 30', { conversationId: 'risk-dm' }));
    assert.match(all, /最近 26 条告警/);
    assert.match(all, /roundtrip:R1:R2 \| ETH \| C7 \| 待发 1/);
  });

  test('a muted alert and a later round trip for the unreachable conversation', async () => {
    assert.match(replyAsText(await app.ask('/alerts mute unhedged:M1 1d 已知', { conversationId: 'desk' })), /已静默/);
    await plant([unhedged('M1', 1)]);
    await plant([roundtrip('R3', 'R4')]);
    clock.advance(5 * 60_000);
    await runAlertCycle(app.services);
    const { rows } = await app.database.pool.query(
      `SELECT o.alert_key, d.conversation_id, d.status FROM otc_bot.alert_deliveries d JOIN otc_bot.alert_outbox o ON o.id = d.alert_id
        WHERE o.alert_key IN ('unhedged:M1', 'roundtrip:R1:R2', 'roundtrip:R3:R4') ORDER BY 1`,
    );
    assert.deepEqual(
      rows.map((r) => [r.alert_key, r.status]),
      [
        ['roundtrip:R1:R2', 'batched'],
        ['roundtrip:R3:R4', 'pending'],
        ['unhedged:M1', 'muted'],
      ],
    );
  });

  test('past the retention: settled alerts go, undelivered ones stay, and history still works', async () => {
    const retention = (value: number) => app.services.settings.apply(new Map([['alerts.retention', value]]), { staffId: 'console-admin' });
    assert.equal((await retention(365 * DAY)).ok, true);
    clock.advance(100 * DAY);
    const kept = await runAlertCycle(app.services);
    assert.deepEqual(kept.pruned, { alerts: 0, deliveries: 0, batches: 0, silences: 0 }, 'within a 365-day retention');

    assert.equal((await retention(90 * DAY)).ok, true);
    const outcome = await runAlertCycle(app.services);
    assert.equal(outcome.ok, true, outcome.error);
    assert.equal(outcome.pruned?.alerts, 26, 'the 25 sent and the muted one');
    assert.equal(outcome.pruned?.silences, 1, 'the ended silence, once no alert refers to it');
    // Left: the two round trips 'dead' never got (one in its unsent batch, one waiting behind it).
    // (and this month's system alert about 'dead', which has no subscriber)
    assert.deepEqual((await outboxKeys()).filter((key) => !key.startsWith('system:')), ['roundtrip:R1:R2', 'roundtrip:R3:R4']);
    assert.equal(await count('alert_deliveries'), 2);
    const { rows } = await app.database.pool.query('SELECT conversation_id, sent_at FROM otc_bot.alert_batches');
    assert.deepEqual(rows, [{ conversation_id: 'dead', sent_at: null }], 'sent batches pruned, the unsent one kept');
    assert.equal(await count('alert_silences'), 0);

    assert.equal(replyAsText(await app.ask('/alerts history', { conversationId: 'desk' })), '本会话还没有收到告警。');
    const history = replyAsText(await app.ask('/alerts history', { conversationId: 'risk-dm' }));
    assert.match(history, /roundtrip:R3:R4 \| ETH \| C7 \| 待发 1/);
    assert.match(history, /roundtrip:R1:R2 \| ETH \| C7 \| 待发 1/);
    assert.doesNotMatch(history, /unhedged:/);

    // Once 'dead' is reachable again they go out, one digest per cycle (the retried one first), and
    // later age out like the rest.
    restorePush();
    clock.advance(DAY);
    assert.equal((await runAlertCycle(app.services)).delivery.sent, 1);
    assert.equal(digests('dead').length, 1);
    assert.match(digests('dead')[0], /R1/);
    clock.advance(DAY);
    assert.equal((await runAlertCycle(app.services)).delivery.sent, 1);
    assert.equal(digests('dead').length, 2);
    assert.match(digests('dead')[1], /R3/);
    clock.advance(91 * DAY);
    await runAlertCycle(app.services);
    assert.deepEqual(await outboxKeys(), []);
    assert.equal(await count('alert_batches'), 0);
  });
});
