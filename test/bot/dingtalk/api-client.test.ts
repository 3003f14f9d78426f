// The OpenAPI client against the fake platform: tokens, throttling, server errors, permanent errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDingTalkApi, type DingTalkApi } from '../../../src/adapters/dingtalk/api-client.js';
import { DingTalkApiError } from '../../../src/adapters/dingtalk/errors.js';
import { FakeDingTalk } from '../../support/fake-dingtalk/fake-dingtalk.js';

let fake: FakeDingTalk;
let api: DingTalkApi;
const markdown = { msgKey: 'sampleMarkdown', msgParam: { title: '告警', text: '### 告警' } };

const newApi = () =>
  createDingTalkApi({
    apiBase: fake.url,
    oapiBase: fake.url,
    appKey: fake.env.DINGTALK_CLIENT_ID,
    appSecret: fake.env.DINGTALK_CLIENT_SECRET,
    robotCode: fake.env.DINGTALK_CLIENT_ID,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
  });

before(async () => {
  fake = await FakeDingTalk.start();
  api = newApi();
});

after(() => fake.close());

const callsTo = (api: string) => fake.state.apiCalls.filter((call) => call.api === api);

test('the access token is fetched once, cached, and refreshed when DingTalk says it expired', async () => {
  await api.sendToGroup('cid-a', markdown);
  await api.sendToGroup('cid-a', markdown);
  assert.equal(fake.state.tokensIssued, 1, 'cached between sends');
  fake.openapi.expireTokens();
  await api.sendToGroup('cid-a', markdown);
  assert.equal(fake.state.tokensIssued, 2, 'refreshed after expiry');
  assert.equal(fake.botMessages('cid-a').length, 3);
});

test('many sends needing a token at once cause a single refresh', async () => {
  const fresh = newApi();
  const issued = fake.state.tokensIssued;
  await Promise.all(Array.from({ length: 8 }, () => fresh.sendToGroup('cid-b', markdown)));
  assert.equal(fake.state.tokensIssued, issued + 1);
});

test('429 (QpsLimit) then success, and oapi errcode 90018 then success', async () => {
  const before = callsTo('groupMessages').length;
  fake.inject('groupMessages', { status: 429, body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: '超过QPS限制' } });
  await api.sendToGroup('cid-c', markdown);
  assert.deepEqual(callsTo('groupMessages').slice(before).map((c) => c.status), [429, 200]);
  fake.inject('mediaUpload', { status: 200, body: { errcode: 90018, errmsg: '请求过于频繁' } });
  const mediaId = await api.uploadMedia('image', Buffer.from('png'), 'chart.png', 'image/png');
  assert.ok(fake.state.media.has(mediaId));
});

test('500 then success', async () => {
  const before = callsTo('batchSend').length;
  fake.inject('batchSend', { status: 500, body: { code: 'ServiceUnavailable', message: 'try later' } });
  const result = await api.sendToUsers(['staff-7'], markdown);
  assert.deepEqual(result.invalidStaffIdList, []);
  assert.deepEqual(callsTo('batchSend').slice(before).map((c) => c.status), [500, 200]);
});

test('a permanent error is reported with DingTalk code and message, without retry', async () => {
  const before = callsTo('groupMessages').length;
  fake.inject('groupMessages', { status: 400, body: { code: 'invalidParameter.openConversationId', message: '群不存在' } });
  await assert.rejects(api.sendToGroup('cid-gone', markdown), (error: unknown) => {
    assert.ok(error instanceof DingTalkApiError);
    assert.equal(error.code, 'invalidParameter.openConversationId');
    assert.match(error.message, /群不存在/);
    return true;
  });
  assert.equal(callsTo('groupMessages').length - before, 1);
});

test('throttling that never ends gives up after the configured attempts with the code', async () => {
  const throttled = { status: 429, body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' } };
  fake.inject('groupMessages', throttled, throttled, throttled, throttled);
  await assert.rejects(api.sendToGroup('cid-d', markdown), /QpsLimitForAppkeyAndApi/);
});

test('a burst of sends is spread out by the rate limiter and all arrive', async () => {
  const fresh = newApi();
  const started = performance.now();
  await Promise.all(Array.from({ length: 30 }, () => fresh.sendToGroup('cid-rate', markdown)));
  assert.equal(fake.botMessages('cid-rate').length, 30);
  assert.ok(performance.now() - started >= 950, 'the 19th send waited for the next second');
});
