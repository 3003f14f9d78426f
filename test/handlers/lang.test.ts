import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
const say = async (line: string, staffId = 'alice') => replyAsText(await app.ask(line, { staffId }));

before(async () => {
  app = await startTestApp({ sourceTables: false });
  for (const id of ['alice', 'bob']) await app.services.roles.grant({ kind: 'user', id }, 'trader', 'test');
});
after(async () => {
  await app.close();
});

describe('/lang', () => {
  test('shows the current language, marking the default', async () => {
    assert.equal(await say('/lang'), '您的回复语言：中文（默认）。切换：/lang en 或 /lang zh');
  });

  test('switching to English answers in English from then on, for that user only', async () => {
    assert.equal(await say('/lang en'), 'OK, I will reply to you in English from now on.');
    assert.equal(await app.services.preferences.localeOf('alice'), 'en');
    assert.match(await say('/help'), /Commands/);
    assert.equal(await say('/lang'), 'Your reply language: English. Switch with /lang en or /lang zh');
    assert.match(await say('/help', 'bob'), /可用命令/);
  });

  test('the Chinese alias and spellings work, and switch back', async () => {
    assert.equal(await say('/语言 中文'), '好的，之后用中文回复您。');
    assert.equal(await app.services.preferences.localeOf('alice'), 'zh-CN');
    assert.equal(await say('/lang EN'), 'OK, I will reply to you in English from now on.');
    assert.equal(await say('/lang zh'), '好的，之后用中文回复您。');
  });

  test('an unknown language is refused with the choices and changes nothing', async () => {
    assert.match(await say('/lang fr'), /^不支持的语言「fr」，可选：zh（中文）、en（English）。\n\n用法: \/lang \[en\|zh\]/);
    assert.equal(await app.services.preferences.localeOf('alice'), 'zh-CN');
  });
});
