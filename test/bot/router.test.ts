import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app.close();
});

describe('router', () => {
  test('answers /help in Chinese with the commands an admin may run', async () => {
    const text = replyAsText(await app.ask('/help'));
    assert.match(text, /可用命令/);
    assert.match(text, /\/role/);
  });
});
