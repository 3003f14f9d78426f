// The client-side limiter never grants more than its rate in any one-second window, per API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRateLimiter } from '../../../src/adapters/dingtalk/rate-limiter.js';

test('no more than 18 grants in any second for one API; another API is not held up', async () => {
  let clock = 0; // virtual milliseconds: advanced only by the limiter's own waits
  const sleep = async (ms: number) => {
    clock += ms;
  };
  const limiter = createRateLimiter({ perSecond: 18, now: () => clock, sleep });
  const granted: { api: string; at: number }[] = [];
  await Promise.all([
    ...Array.from({ length: 60 }, () => limiter.acquire('groupMessages').then(() => granted.push({ api: 'groupMessages', at: clock }))),
    limiter.acquire('media').then(() => granted.push({ api: 'media', at: clock })),
  ]);
  const times = granted.filter((g) => g.api === 'groupMessages').map((g) => g.at);
  assert.equal(times.length, 60);
  for (let i = 0; i + 18 < times.length; i += 1) assert.ok(times[i + 18] - times[i] >= 1000, `19 grants within ${times[i + 18] - times[i]} ms`);
  assert.ok(times.at(-1)! >= 3000 && times.at(-1)! < 4000, 'and no slower than needed');
  assert.equal(granted.find((g) => g.api === 'media')?.at, 0);
});
