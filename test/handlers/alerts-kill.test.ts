// Crash safety of alert delivery: a real child process (alerts-kill-child.ts: the scheduler with the
// real DingTalk push path) is SIGKILLed at random points of delivery 20 times. Every alert reaches
// every subscribed conversation of the fake DingTalk, and nothing arrives again once its delivery
// was recorded as sent.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createAlertRepository } from '../../src/adapters/db/alert-repository.js';
import { alertKeys } from '../../src/domain/alerts/types.js';
import { FakeDingTalk } from '../support/fake-dingtalk/fake-dingtalk.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SEED = Number(process.env.ALERT_KILL_SEED ?? 20261125);
const KILLS = 20;
const CONVERSATIONS = Array.from({ length: 8 }, (_, i) => `cid-kill-${i}`);

let fake: FakeDingTalk;
let database: TestDatabase;

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/handlers/alerts-kill-child.ts'], {
    env: { ...process.env, ...fake.env, DATABASE_URL: database.url, ALERT_CRON: '* * * * * *', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Receipts per "lockId|conversation" in the fake's messages. */
function receipts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of fake.botMessages()) {
    // A digest that hid lines would make this count blind; the line limit is never reached here.
    assert.doesNotMatch(entry.text, /未展开/);
    for (const [, lockId] of entry.text.matchAll(/锁价单 (\S+)/g)) {
      const pair = `${lockId}|${entry.conversationId}`;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  return counts;
}

async function sentPairs(): Promise<string[]> {
  const { rows } = await database.pool.query(
    `SELECT o.lock_id, d.conversation_id FROM otc_bot.alert_deliveries d JOIN otc_bot.alert_outbox o ON o.id = d.alert_id WHERE d.status = 'sent'`,
  );
  return rows.map((row) => `${row.lock_id}|${row.conversation_id}`);
}

async function plant(lockIds: string[]): Promise<void> {
  const at = new Date();
  await createAlertRepository(database.pool).record(
    lockIds.map((lockId) => ({
      key: alertKeys.unhedged(lockId),
      type: 'unhedged' as const,
      rule: 'unhedged' as const,
      severity: 'critical' as const,
      weight: 1,
      coin: 'BTC',
      clientId: 'C1',
      lockId,
      occurredAt: at,
      details: { side: 'buy', quoteCoin: 'USDT', amount: 1, price: 100_000, notional: 100_000, openSeconds: 700, afterSeconds: 600 },
      silenceId: null,
    })),
    at,
  );
}

before(async () => {
  fake = await FakeDingTalk.start();
  database = await createTestDatabase({ sourceTables: true });
  for (const id of CONVERSATIONS) await createAlertRepository(database.pool).subscribe(id, ['unhedged'], 'test');
});
after(async () => {
  await database.drop();
  await fake.close();
});

test(`SIGKILL during delivery ${KILLS} times: every alert arrives, none again after a recorded success (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const next = random(SEED);
  const planted: string[] = [];
  const snapshots: { sent: string[]; counts: Map<string, number> }[] = [];
  let killedMidDelivery = 0;
  for (let round = 0; round < KILLS; round += 1) {
    const roundStarted = performance.now();
    // One alert per round keeps any conversation's backlog under the digest's line limit, so every
    // alert is named in some message and can be counted here.
    const ids = [`K${round}`];
    planted.push(...ids);
    await plant(ids);
    const before = fake.botMessages().length;
    const child = await startChild();
    if (next() < 0.75) {
      // Usually: once the first message of this round is out, somewhere in the rest of the delivery.
      await fake.waitFor(() => fake.botMessages().length > before, 5000, 'a first push').catch(() => undefined);
      await sleep(Math.floor(next() * 25));
    } else {
      // Sometimes anywhere in the cycle: before any send, while forming batches, after everything.
      await sleep(Math.floor(next() * 1500));
    }
    await kill(child);
    const { rows } = await database.pool.query("SELECT count(*)::int AS n FROM otc_bot.alert_deliveries WHERE status IN ('pending', 'batched')");
    if (rows[0].n > 0 && fake.botMessages().length > before) killedMidDelivery += 1;
    snapshots.push({ sent: await sentPairs(), counts: receipts() });
    if (process.env.ALERT_KILL_VERBOSE) process.stderr.write(`round ${round}: ${Math.round(performance.now() - roundStarted)} ms\n`);
  }

  const child = await startChild();
  const expected = planted.flatMap((id) => CONVERSATIONS.map((c) => `${id}|${c}`));
  await fake.waitFor(() => expected.every((pair) => (receipts().get(pair) ?? 0) > 0), 20_000, 'every alert in every conversation').catch(async (error: Error) => {
    const missing = expected.filter((pair) => !receipts().get(pair));
    const batches = await database.pool.query('SELECT conversation_id, attempts, last_error, next_attempt_at, sent_at FROM otc_bot.alert_batches WHERE sent_at IS NULL');
    throw new Error(`${error.message}; missing ${missing.slice(0, 10).join(', ')}; unsent batches ${JSON.stringify(batches.rows).slice(0, 600)}`);
  });
  await sleep(1500); // more ticks: nothing recorded as sent may come again
  await kill(child, 'SIGTERM');

  const final = receipts();
  for (const pair of expected) assert.ok((final.get(pair) ?? 0) >= 1, `${pair} never arrived (seed ${SEED})`);
  for (const [k, snapshot] of snapshots.entries()) {
    for (const pair of snapshot.sent) {
      assert.equal(final.get(pair), snapshot.counts.get(pair), `${pair} arrived again after its recorded success (kill ${k}, seed ${SEED})`);
    }
  }
  const { rows } = await database.pool.query("SELECT count(*)::int AS n FROM otc_bot.alert_deliveries WHERE status <> 'sent'");
  assert.equal(rows[0].n, 0);
  const duplicates = expected.filter((pair) => (final.get(pair) ?? 0) > 1).length;
  assert.ok(killedMidDelivery >= 5, `only ${killedMidDelivery} kills landed mid-delivery`);
  process.stdout.write(`kills ${KILLS}, mid-delivery ${killedMidDelivery}, deliveries ${expected.length}, resent before being recorded ${duplicates}\n`);
});
