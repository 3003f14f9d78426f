// /liq in English: every placeholder filled, the same table in the other language.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ env: { LOCALE: 'en', EXCHANGE_API_OVERRIDES: 'htx=http://127.0.0.1:9' } });
});
after(async () => {
  await app.close();
});

describe('/liq in English', () => {
  test('a gbm run without candles reads as English, with no placeholder left', async () => {
    const parts = await app.ask('/liq BTC model=gbm vol=0.8 horizon=1d paths=2000 positions=5 stress=flash20 target=1%');
    const text = replyAsText(parts);
    assert.match(text, /### BTC\/USDT collateralised loan liquidation Monte Carlo/);
    assert.match(text, /\| Price model \| geometric Brownian motion, volatility 80\.0% a year, zero price drift \|/);
    assert.match(text, /\| Horizon \/ step \/ paths \| 1d \/ 1m × 1440 steps \/ 2000 paths \(seed 1\) \|/);
    assert.match(text, /\| Stress scenario \| flash20: flash crash of −20 % within 1 hour \|/);
    assert.match(text, /\| P\(liquidation within horizon\) \| \*\*\d+\.\d\d%\*\* ± \d+\.\d\d% \|/);
    assert.match(text, /No historical candles \(htx: NetworkError/);
    assert.match(text, /P\(loss\) target 1\.00%/);
    assert.doesNotMatch(text, /\{\w+\}/);
    assert.equal(parts.filter((p) => p.kind === 'image').length, 3);
    for (const part of parts) if (part.kind === 'image') assert.doesNotMatch(part.title, /\{\w+\}|liq\./);
  });

  test('refusals are in English too', async () => {
    assert.match(replyAsText(await app.ask('/liq BTC liq=0.5')), /The liquidation line 50\.00% is not above the initial LTV 65\.00%: the position would be liquidated at once/);
  });
});
