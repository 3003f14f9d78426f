// A one-shot process (ask, migrate) in DingTalk mode can push without taking a Stream connection,
// which would otherwise share the app's incoming messages with the running bot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdown } from '../../../src/bot/reply.js';
import { startBotOnFake } from '../../support/fake-dingtalk/bot-on-fake.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';

test('stream:false pushes through OpenAPI and never connects', async () => {
  const fake = await FakeDingTalk.start();
  const bot = await startBotOnFake(fake, { dingtalk: { stream: false } });
  try {
    await bot.app.services.push.push('cid-ops', [markdown('告警', '### 未对冲 L9')], { idempotencyKey: 'unhedged:L9' });
    assert.deepEqual(fake.botMessages('cid-ops').map((m) => [m.via, m.text]), [['group', '### 未对冲 L9']]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fake.state.connections.opened, 0);
    assert.equal(bot.app.services.runtime.stream?.connected, false);
  } finally {
    await bot.close();
    await fake.close();
  }
});
