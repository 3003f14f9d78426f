import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMarketData } from '../../src/adapters/market/market-data.js';
import type { ReplyPart } from '../../src/bot/reply.js';
import { replyAsText } from '../../src/bot/reply.js';
import { createRouter } from '../../src/bot/router.js';
import { seedBtcScenario } from '../support/fake-exchange/btc-scenario.js';
import { type FakeExchange, startFakeExchange } from '../support/fake-exchange/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let binance: FakeExchange;
let okx: FakeExchange;

before(async () => {
  [binance, okx] = await Promise.all([startFakeExchange({ venue: 'binance' }), startFakeExchange({ venue: 'okx' })]);
  seedBtcScenario(binance, okx);
  const overrides = `binance=${binance.url},okx=${okx.url}`;
  app = await startTestApp({ env: { EXCHANGES: 'binance,okx', EXCHANGE_API_OVERRIDES: overrides } });
  // The real adapter with a short deadline, so the timeout case takes a second, not five.
  app.services.market = createMarketData({ overrides: { binance: binance.url, okx: okx.url }, timeoutMs: 1000 });
});
after(async () => {
  await app.close();
  await Promise.all([binance.close(), okx.close()]);
});

const partOf = <K extends ReplyPart['kind']>(parts: ReplyPart[], kind: K) => parts.filter((p): p is Extract<ReplyPart, { kind: K }> => p.kind === kind);

function assertPng(png: Buffer) {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.equal(png.readUInt32BE(16), 900);
  assert.equal(png.readUInt32BE(20), 480);
}

describe('/coin end to end through ccxt and the fake exchanges', () => {
  test('/coin BTC: table numbers equal the hand-computed ones, two charts and the report file', async () => {
    const parts = await app.ask('/coin BTC');
    const [summary] = partOf(parts, 'markdown');
    assert.ok(summary, replyAsText(parts));
    const md = summary.markdown;
    assert.match(md, /BTC\/USDT 流动性（金额 100,000 USDT）/);
    // mid | spread | ±1 % depth bid/ask | slippage buy/sell | 24h volume | funding (annual) | OI | basis
    assert.ok(md.includes('| binance 现货 | 100000.00 | 2.0 | 150.0K / 150.0K | 1.5 / 1.5 | 1.23B | - | - | - |'), md);
    assert.ok(md.includes('| binance 永续 | 100110.00 | 2.0 | 200.2K / 200.2K | 1.0 / 1.0 | 9.87B | 0.0400% (43.8%) | 400.4K | 11.0 |'), md);
    assert.ok(md.includes('| okx 现货 | 100000.00 | 1.0 | 200.0K / 200.0K | 0.5 / 0.5 | 50.00M | - | - | - |'), md);
    // 50 contracts × 0.01 BTC: the 100,000 buy eats 0.5 BTC at 100,060 and the rest at 101,500.
    assert.ok(md.includes('| okx 永续 | 100050.00 | 2.0 | 50.0K / 50.0K | 72.4 / 53.2 | 200.10M | 0.0200% (21.9%) | 1.00M | 5.0 |'), md);
    assert.match(md, /买入最便宜：okx 现货，均价 100005\.00（较参考价 \+0\.5 bps，滑点 0\.5 bps）/);
    // Binance's perp bids 100,100, 10 bps above the spot reference 100,000: the best price to sell.
    assert.match(md, /卖出最便宜：binance 永续，均价 100100\.00（较参考价 -10\.0 bps，滑点 1\.0 bps）/);
    assert.match(md, /参考价 100000\.00/);
    assert.doesNotMatch(md, /未取到/);

    const images = partOf(parts, 'image');
    assert.equal(images.length, 2);
    for (const chart of images) assertPng(chart.png);

    const [report] = partOf(parts, 'file');
    assert.match(report.fileName, /^coin-BTC-USDT-\d{8}-\d{4}\.txt$/);
    const body = report.content.toString('utf8');
    assert.match(body, /^BTC\/USDT 流动性报告/);
    assert.match(body, /1\. okx 现货：均价 100005\.00，较参考价 \+0\.5 bps，滑点 0\.5 bps\n {2}2\. binance 现货：均价 100015\.00，较参考价 \+1\.5 bps/);
    assert.match(body, /4\. okx 永续：均价 99517\.49，较参考价 \+48\.3 bps，滑点 53\.2 bps/);
    assert.match(body, /【okx 永续 BTC\/USDT:USDT】/);
    // OKX perp ±2 % of 100,050: bids 50,020 + 99,000 × 10 BTC, asks 50,030 + 101,500 × 10; the book
    // ends inside the band, so both are lower bounds.
    assert.match(body, /±2\.0% 深度：买 ≥1\.04M \/ 卖 ≥1\.07M USDT/);
    assert.match(body, /年化波动率 1328\.1%/); // binance spot closes 100, 110, 99
    assert.match(body, /合约面值 0\.01/);
  });

  test('a venue timing out is reported as such while the others still report', async () => {
    binance.failAlways('timeout', { path: '/fapi/' });
    try {
      const started = performance.now();
      const parts = await app.ask('/coin BTC notional=50k');
      const elapsed = performance.now() - started;
      const md = partOf(parts, 'markdown')[0].markdown;
      assert.match(md, /- binance 永续：超时（1\.0 秒内无响应）/);
      assert.ok(md.includes('| binance 现货 | 100000.00 |'), md);
      assert.ok(md.includes('| okx 永续 | 100050.00 |'), md);
      assert.doesNotMatch(md, /\| binance 永续 \|/);
      assert.equal(partOf(parts, 'file').length, 1);
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
    } finally {
      binance.clearFailures();
    }
  });

  test('when no venue answers, the reply says so and why, venue by venue', async () => {
    binance.failAlways('timeout');
    okx.failAlways('error', { status: 503, body: { code: '50001', msg: 'Service temporarily unavailable' } });
    try {
      const parts = await app.ask('/coin BTC');
      assert.equal(parts.length, 1);
      const md = partOf(parts, 'markdown')[0].markdown;
      assert.match(md, /^BTC\/USDT：没有取到任何交易所的盘口。/);
      assert.match(md, /- binance 现货：超时（1\.0 秒内无响应）/);
      assert.match(md, /- okx 永续：出错：\w+/);
    } finally {
      binance.clearFailures();
      okx.clearFailures();
    }
  });

  test('an error from a venue is shown with its reason', async () => {
    okx.failAlways('error', { path: '/market/books', status: 503, body: { code: '50001', msg: 'Service temporarily unavailable' } });
    try {
      const md = partOf(await app.ask('/coin BTC'), 'markdown')[0].markdown;
      assert.match(md, /- okx 现货：出错：\w+/);
      assert.match(md, /- okx 永续：出错：\w+/);
      assert.ok(md.includes('| binance 现货 |'), md);
    } finally {
      okx.clearFailures();
    }
  });

  test('a coin no venue lists gets a clear answer', async () => {
    const reply = replyAsText(await app.ask('/coin NOPE'));
    assert.equal(reply, '已查询的交易所（binance, okx）都没有上架 NOPE/USDT（现货与永续）。请检查币种代码，或换一个计价币，如 NOPE/USDC。');
  });

  test('invalid symbol, notional or exchange answer with usage', async () => {
    const bad = async (line: string, expected: RegExp) => {
      const reply = replyAsText(await app.ask(line));
      assert.match(reply, expected);
      assert.match(reply, /用法: \/coin BASE\[\/QUOTE\]/);
    };
    await bad('/coin BTC/US$', /币种「BTC\/US\$」无效/);
    await bad('/coin BTC notional=abc', /金额「abc」无效/);
    await bad('/coin BTC notional=0', /金额「0」无效/);
    await bad('/coin BTC exchanges=nowhere', /不认识的交易所「nowhere」/);
    await bad('/coin', /symbol/);
  });

  test('in English for a user who chose English, report file included', async () => {
    await app.services.preferences.setLocale('trader-en', 'en');
    await app.services.roles.grant({ kind: 'user', id: 'trader-en' }, 'trader', 'console-admin');
    const parts = await app.ask('/coin BTC exchanges=okx', { staffId: 'trader-en' });
    const md = partOf(parts, 'markdown')[0].markdown;
    assert.match(md, /BTC\/USDT liquidity \(100,000 USDT\)/);
    assert.ok(md.includes('| okx spot | 100000.00 | 1.0 | 200.0K / 200.0K | 0.5 / 0.5 | 50.00M | - | - | - |'), md);
    assert.match(md, /Cheapest to buy: okx spot, average 100005\.00 \(\+0\.5 bps vs reference, slippage 0\.5 bps\)/);
    assert.match(partOf(parts, 'file')[0].content.toString('utf8'), /^BTC\/USDT liquidity report/);
  });

  test('a slow query first answers 查询中… and then the result', async () => {
    const router = createRouter(app.services, { progressAfterMs: 100 });
    okx.setLatency(300);
    try {
      const interim: string[] = [];
      const parts = await router.handle(
        { text: '/coin BTC exchanges=okx', staffId: 'console-admin', nick: 'admin', conversation: { id: 'g', type: 'group' } },
        async (part) => {
          interim.push(replyAsText([part]));
        },
      );
      assert.deepEqual(interim, ['查询中…']);
      assert.equal(partOf(parts, 'file').length, 1);
    } finally {
      okx.setLatency(0);
    }
  });

  test('the notional and venues default to the coin.notional and coin.exchanges settings', async () => {
    const changes = new Map<string, number | string[] | null>([
      ['coin.notional', 50_000],
      ['coin.exchanges', ['okx']],
    ]);
    const applied = await app.services.settings.apply(changes, { staffId: 'console-admin' });
    assert.equal(applied.ok, true);
    try {
      const md = partOf(await app.ask('/coin BTC'), 'markdown')[0].markdown;
      assert.match(md, /金额 50,000 USDT/);
      assert.doesNotMatch(md, /binance/);
    } finally {
      await app.services.settings.apply(new Map([['coin.notional', null], ['coin.exchanges', null]]), { staffId: 'console-admin' });
    }
  });

  test('the alias 币 with a notional and one venue', async () => {
    const md = partOf(await app.ask('/币 btc/usdt notional=1m exchanges=okx'), 'markdown')[0].markdown;
    assert.match(md, /金额 1,000,000 USDT/);
    assert.doesNotMatch(md, /binance/);
    // 1,000,000 on OKX spot: 2 BTC at 100,005 (200,010) then 799,990 at 102,000.
    const base = 2 + 799_990 / 102_000;
    const bps = ((1_000_000 / base - 100_000) / 100_000) * 10_000;
    assert.ok(md.includes(`| okx 现货 | 100000.00 | 1.0 | 200.0K / 200.0K | ${bps.toFixed(1)} /`), md);
  });
});
