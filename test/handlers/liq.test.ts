// /liq end to end: candles from the fake Binance through real ccxt, cached in PostgreSQL, the
// simulation on real worker threads, the reply a risk manager reads.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplyPart } from '../../src/bot/reply.js';
import { replyAsText } from '../../src/bot/reply.js';
import { fixedClock } from '../../src/domain/clock.js';
import { firstPassageProbability } from '../../src/domain/liquidation/closed-form.js';
import { type FakeCandle, type FakeExchange, startFakeExchange } from '../support/fake-exchange/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const STEP = 300_000; // 5m: the step of the default 7-day horizon
const YEAR_STEPS = (365 * 86_400_000) / STEP;
// Alternating ±a log returns: volatility exactly a·√(steps a year) = 80 %, and no trend at all.
const A = 0.8 / Math.sqrt(YEAR_STEPS);
const candles: FakeCandle[] = Array.from({ length: 1000 }, (_, i) => {
  const close = 100_000 * Math.exp(A * ((i + 1) % 2));
  return { time: NOW - (1000 - i) * STEP, open: close, high: close, low: close, close, volume: 10 };
});

let app: TestApp;
let binance: FakeExchange;
const clock = fixedClock(new Date(NOW));

before(async () => {
  binance = await startFakeExchange({ venue: 'binance' });
  binance.setKlines('BTC/USDT', 'spot', candles);
  // htx (the default venue) points at a closed port: nothing in this file may reach a real exchange.
  app = await startTestApp({ clock, env: { EXCHANGE_API_OVERRIDES: `binance=${binance.url},htx=http://127.0.0.1:9` } });
});
after(async () => {
  await app.close();
  await binance.close();
});

const markdownOf = (parts: ReplyPart[]) => {
  const part = parts.find((p) => p.kind === 'markdown');
  assert.ok(part && part.kind === 'markdown', replyAsText(parts));
  return part.markdown;
};
const rowValue = (md: string, label: string) => {
  const line = md.split('\n').find((l) => l.startsWith(`| ${label} |`));
  assert.ok(line, `no row ${label} in\n${md}`);
  return line.slice(label.length + 5, -2);
};
const klineRequests = () => binance.requests.filter((r) => r.path === '/api/v3/klines');

function assertThreeCharts(parts: ReplyPart[]) {
  const images = parts.filter((p) => p.kind === 'image');
  assert.equal(images.length, 3);
  for (const image of images) {
    assert.equal(image.png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(image.png.readUInt32BE(16), 900);
  }
}

describe('/liq end to end', () => {
  test('bootstrap from Binance candles: no liquidation when history only oscillates; table, note and three charts', async () => {
    const parts = await app.ask('/liq BTC venue=binance paths=5000');
    const md = markdownOf(parts);
    assert.match(md, /### BTC\/USDT 质押借贷爆仓模拟/);
    assert.equal(rowValue(md, '仓位'), '抵押 100,000 USDT，借款 65,000 USDT，初始 LTV 65.00%');
    assert.equal(rowValue(md, '预警线 / 清算线 (LTV)'), '80.00% / 90.00%（价格 81,250 / 72,222.22，现价 100,000 USDT）');
    assert.match(rowValue(md, '价格模型'), /^历史收益分块重抽样：999 个 5m 收益，块长 49 步，年化波动率 80\.0%$/);
    assert.equal(rowValue(md, '期限 / 步长 / 路径'), '7天 / 5分 × 2016 步 / 5000 条路径（种子 1）');
    // ±0.25 % steps in blocks: the price never leaves 100,000 · e^{±0.0025}, far above 72,222.
    assert.equal(rowValue(md, 'P(期限内清算)'), '**0.00%**（5000 条路径中 0 条，95% 置信上限 0.060%）');
    assert.equal(rowValue(md, 'P(亏损 > 0)'), '**0.00%**（5000 条路径中 0 条，95% 置信上限 0.060%）');
    assert.equal(rowValue(md, 'P(期限内触及预警线)'), '**0.00%**（5000 条路径中 0 条，95% 置信上限 0.060%）');
    assert.equal(rowValue(md, '满足目标的最高清算线'), '**99%**');
    // Square-root impact: daily volume = 288 candles × 10 BTC × mean close; sold at the line (72,222 of collateral).
    const meanClose = candles.reduce((sum, c) => sum + c.close, 0) / candles.length;
    const slip = ((1 * 0.8) / Math.sqrt(365)) * Math.sqrt(72_222.22 / (288 * 10 * meanClose));
    assert.match(rowValue(md, '清算执行'), new RegExp(`^触发后 1分 卖出抵押物，滑点 ${(slip * 100).toFixed(2)}%（平方根冲击`));
    assert.match(md, /行情：binance BTC\/USDT 5m K 线 1000 根（刚刚获取/);
    assertThreeCharts(parts);
    assert.equal(klineRequests().length, 1);
    assert.equal(klineRequests()[0].query.interval, '5m');
  });

  test('a second run within minutes uses the cache and asks the venue nothing; gbm at the historical 80 % matches the closed form', async () => {
    const before = binance.requests.length;
    clock.advance(5 * 60_000);
    const parts = await app.ask('/liq BTC venue=binance model=gbm paths=20000 seed=3');
    assert.equal(binance.requests.length, before, 'no request at all, not even the market list');
    const md = markdownOf(parts);
    assert.match(md, /行情：binance BTC\/USDT 5m K 线 1000 根（缓存/);
    assert.equal(rowValue(md, '价格模型'), '几何布朗运动，年化波动率 80.0%，价格零漂移');
    const simulated = Number(/\*\*(\d+\.\d\d)%\*\*/.exec(rowValue(md, 'P(期限内清算)'))?.[1]) / 100;
    const exact = firstPassageProbability(Math.log(0.65 / 0.9), -0.32, 0.8, 7 / 365);
    const se = Math.sqrt((exact * (1 - exact)) / 20_000);
    assert.ok(Math.abs(simulated - exact) < 4 * se + 0.00005, `simulated ${simulated}, closed form ${exact}`);
    // The margin-call line (80 %) is a barrier too: b = ln(0.65/0.8).
    const called = Number(/\*\*(\d+\.\d\d)%\*\*/.exec(rowValue(md, 'P(期限内触及预警线)'))?.[1]) / 100;
    const exactCall = firstPassageProbability(Math.log(0.65 / 0.8), -0.32, 0.8, 7 / 365);
    assert.ok(Math.abs(called - exactCall) < 4 * Math.sqrt((exactCall * (1 - exactCall)) / 20_000) + 0.00005, `call ${called} vs ${exactCall}`);
    assertThreeCharts(parts);
  });

  test('venue down: the cached candles are used and the reply says how old they are', async () => {
    clock.advance(2 * 3_600_000 - 5 * 60_000);
    binance.failAlways('error');
    try {
      const md = markdownOf(await app.ask('/liq BTC venue=binance paths=2000'));
      assert.match(md, /⚠️ 无法连接 binance（.+），使用缓存的 BTC\/USDT 5m K 线 1000 根，最新一根已是 2小时 前/);
      assert.equal(rowValue(md, 'P(期限内清算)'), '**0.00%**（2000 条路径中 0 条，95% 置信上限 0.150%）');
    } finally {
      binance.clearFailures();
    }
  });

  test('with a spot book on the venue, the sale walks down its bids', async () => {
    clock.advance(11 * 60_000);
    binance.setOrderBook('BTC/USDT', 'spot', {
      bids: [
        [99_990, 0.5],
        [99_900, 1],
        [99_000, 2],
      ],
      asks: [[100_010, 1]],
    });
    const md = markdownOf(await app.ask('/liq BTC venue=binance paths=2000'));
    // Sold at the line: 72,222.22 of collateral = 0.5 BTC at 99,990 + 22,227.22 at 99,900; mid 100,000.
    const slip = 1 - 72_222.22 / (0.5 + 22_227.22 / 99_900) / 100_000;
    assert.equal(
      rowValue(md, '清算执行'),
      `触发后 1分 卖出抵押物，滑点 ${(slip * 100).toFixed(2)}%（按 binance 现货买盘逐档成交，可见深度 347,895 USDT；超出部分按 √规模 外推）`,
    );
    assert.match(md, /行情：binance BTC\/USDT 5m K 线 1000 根（刚刚获取/);
  });

  test('no candles: bootstrap explains what it needs; gbm with vol= still answers', async () => {
    const refused = replyAsText(await app.ask('/liq ETH'));
    assert.match(refused, /模型 bootstrap 需要历史 K 线，但只有 0 根收益（至少 200）。htx 无法获取行情：.+。可改用 model=gbm vol=0\.8/);
    const md = markdownOf(await app.ask('/爆仓 ETH model=gbm vol=120% horizon=1d paths=2000'));
    assert.equal(rowValue(md, '价格模型'), '几何布朗运动，年化波动率 120.0%，价格零漂移');
    assert.equal(rowValue(md, '期限 / 步长 / 路径'), '1天 / 1分 × 1440 步 / 2000 条路径（种子 1）');
    assert.match(rowValue(md, '清算执行'), /滑点 0\.50%（无成交量数据，按假设值）/);
    assert.match(md, /无历史 K 线（htx：/);
  });

  test('a book of 20 positions under a −50 % crash: every position is liquidated', async () => {
    const md = markdownOf(await app.ask('/liq BTC venue=binance positions=20 stress=crash50 paths=2000'));
    assert.match(rowValue(md, '仓位'), /^20 个随机仓位：抵押合计 [\d,]+ USDT/);
    assert.equal(rowValue(md, '压力情景'), 'crash50: 24 小时内下跌 50%');
    // Initial LTVs lie in [50 %, 75 %]: a halving takes every one past 90 %.
    assert.equal(rowValue(md, 'P(期限内清算)'), '**100.00%** ± 0.00%');
    assert.equal(rowValue(md, '平均被清算仓位占比'), '100.00%');
  });

  test('nonsense and limits are refused with the reason', async () => {
    assert.match(replyAsText(await app.ask('/liq BTC liq=60%')), /清算线 60\.00% 不高于初始 LTV 65\.00%：仓位一开始就会被清算/);
    assert.match(replyAsText(await app.ask('/liq BTC call=95%')), /清算线 90\.00% 不高于预警线 95\.00%/);
    assert.match(replyAsText(await app.ask('/liq BTC paths=2000000')), /路径数 2000000 超过上限 1000000/);
    const badVol = replyAsText(await app.ask('/liq BTC vol=fast'));
    assert.match(badVol, /参数有误：vol: /);
    assert.match(badVol, /用法: \/liq COIN/);
    assert.match(replyAsText(await app.ask('/liq BTC model=magic')), /参数有误：model: /);
    assert.match(replyAsText(await app.ask('/liq BTC venue=kraken')), /不认识的交易所 kraken，可选：htx, binance, okx, bybit/);
    assert.match(replyAsText(await app.ask('/liq BTC horizon=1h delay=1h')), /清算延迟必须短于模拟期限/);
    // 100,000 × (2016 steps + 3 × 500 positions × (34 lines + the call)) = 5.45e9.
    assert.match(replyAsText(await app.ask('/liq BTC positions=500 paths=100000')), /计算量过大：约 5\.5e\+9 个单位.+上限 3\.0e\+9/);
  });

  test('/help liq documents the model; a trader may not run it', async () => {
    const help = replyAsText(await app.ask('/help liq'));
    assert.match(help, /布朗桥/);
    assert.match(help, /平方根冲击/);
    assert.match(help, /\/爆仓/);
    await app.ask('/role grant trader @trader-1');
    assert.match(replyAsText(await app.ask('/liq BTC', { staffId: 'trader-1' })), /\/liq 需要「风控」权限/);
  });
});
