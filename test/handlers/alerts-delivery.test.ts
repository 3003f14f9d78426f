// Delivery through the real DingTalk code path against the fake platform: 429/500 are retried and
// delivered later; two instances on one schedule deliver each alert once per conversation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAlertRepository } from '../../src/adapters/db/alert-repository.js';
import { createLogger } from '../../src/adapters/logger.js';
import { loadConfig } from '../../src/config.js';
import { type Clock, fixedClock } from '../../src/domain/clock.js';
import { alertKeys, type NewAlert } from '../../src/domain/alerts/types.js';
import { runAlertCycle } from '../../src/handlers/jobs/alert-cycle.js';
import { type BotApp, startBot } from '../../src/main.js';
import { FAST_TIMINGS } from '../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../support/fake-dingtalk/fake-dingtalk.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let fake: FakeDingTalk;
let database: TestDatabase;
const apps: BotApp[] = [];

async function startInstance(options: { clock?: Clock; jobs: boolean; env?: Record<string, string> }): Promise<BotApp> {
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...fake.env, ...options.env });
  const app = await startBot(config, {
    clock: options.clock,
    listen: false,
    jobs: options.jobs,
    logger: createLogger('silent'),
    dingtalk: { retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 }, timings: FAST_TIMINGS },
  });
  apps.push(app);
  return app;
}

function unhedged(lockId: string, at: Date): NewAlert {
  return {
    key: alertKeys.unhedged(lockId),
    type: 'unhedged',
    rule: 'unhedged',
    severity: 'critical',
    weight: 1000,
    coin: 'BTC',
    clientId: 'C1',
    lockId,
    occurredAt: at,
    details: { side: 'buy', quoteCoin: 'USDT', amount: 1, price: 100_000, notional: 100_000, openSeconds: 700, afterSeconds: 600 },
  };
}

async function plant(lockIds: string[], at: Date): Promise<void> {
  await createAlertRepository(database.pool).record(
    lockIds.map((id) => ({ ...unhedged(id, at), silenceId: null })),
    at,
  );
}

const receipts = (conversationId: string, lockId: string) =>
  fake.botMessages(conversationId).filter((entry) => new RegExp(`锁价单 ${lockId}(?!\\d)`).test(entry.text)).length;

before(async () => {
  fake = await FakeDingTalk.start();
  database = await createTestDatabase({ sourceTables: true });
});
after(async () => {
  for (const app of apps) await app.stop();
  await database.drop();
  await fake.close();
});

describe('alert delivery on the fake DingTalk', () => {
  test('429 and 500 are retried: the digest arrives in a later cycle, once', async () => {
    const clock = fixedClock('2026-11-25T08:00:00Z');
    const app = await startInstance({ clock, jobs: false });
    await createAlertRepository(database.pool).subscribe('cid-retry', ['unhedged'], 'test');
    await runAlertCycle(app.services); // first start: origin now
    await plant(['K1', 'K2'], clock.now());
    fake.inject('groupMessages', { status: 429, body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps limit' } }, { status: 500, body: { code: 'InternalError', message: 'boom' } });
    const first = await runAlertCycle(app.services);
    assert.equal(first.delivery.failed, 1);
    assert.equal(fake.botMessages('cid-retry').length, 0);
    clock.advance(31_000);
    const second = await runAlertCycle(app.services);
    assert.equal(second.delivery.sent, 1);
    assert.equal(receipts('cid-retry', 'K1'), 1);
    assert.equal(receipts('cid-retry', 'K2'), 1);
    clock.advance(60_000);
    const third = await runAlertCycle(app.services);
    assert.equal(third.delivery.sent, 0);
    assert.equal(fake.botMessages('cid-retry').length, 1);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);
  });

  test('two instances on the same schedule: each alert once per conversation', async () => {
    const conversations = ['cid-a', 'cid-b', 'cid-c'];
    for (const id of conversations) await createAlertRepository(database.pool).subscribe(id, ['unhedged'], 'test');
    const env = { ALERT_CRON: '* * * * * *' };
    await Promise.all([startInstance({ jobs: true, env }), startInstance({ jobs: true, env })]);
    const planted: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const ids = Array.from({ length: 3 }, (_, i) => `T${round}${i}`);
      planted.push(...ids);
      await plant(ids, new Date());
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await fake.waitFor(() => planted.every((id) => conversations.every((c) => receipts(c, id) > 0)), 10_000, 'every alert delivered');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // more ticks: nothing may repeat
    for (const conversationId of conversations) {
      for (const id of planted) assert.equal(receipts(conversationId, id), 1, `${id} in ${conversationId}`);
    }
    const { rows } = await database.pool.query("SELECT count(*)::int AS n FROM otc_bot.alert_deliveries WHERE status <> 'sent'");
    assert.equal(rows[0].n, 0);
  });
});
