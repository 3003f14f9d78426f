import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildHttpServer } from '../../../src/adapters/http/server.js';
import { pngSize } from '../../support/png.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app.close();
});

const http = () => buildHttpServer({ db: app.services.db, metrics: app.services.metrics, runtime: app.services.runtime, console: app.console });

describe('health, readiness and metrics', () => {
  test('/healthz answers 200', async () => {
    const response = await http().inject('/healthz');
    assert.equal(response.statusCode, 200);
  });

  test('/readyz is 200 with a database and 503 with the reason without one', async () => {
    assert.equal((await http().inject('/readyz')).statusCode, 200);
    const pool = (await import('../../../src/adapters/db/pool.js')).createPool('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    const broken = buildHttpServer({ db: pool, metrics: app.services.metrics, runtime: app.services.runtime });
    const response = await broken.inject('/readyz');
    assert.equal(response.statusCode, 503);
    assert.match(response.json().reasons[0], /^database: /);
    await pool.end();
  });

  test('/readyz is 503 while the DingTalk stream is down', async () => {
    const runtime = { ...app.services.runtime, stream: { connected: false, since: null, reconnects: 3 } };
    const response = await buildHttpServer({ db: app.services.db, metrics: app.services.metrics, runtime }).inject('/readyz');
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json().reasons, ['dingtalk stream: not connected']);
  });

  test('/metrics counts commands by name and outcome, with latency and process metrics', async () => {
    await app.ask('/help');
    await app.ask('/nope');
    const body = (await http().inject('/metrics')).body;
    assert.match(body, /otc_bot_commands_total\{command="help",outcome="ok"\} [1-9]/);
    assert.match(body, /otc_bot_commands_total\{command="none",outcome="unknown"\} [1-9]/);
    assert.match(body, /otc_bot_command_duration_seconds_bucket\{le="0.1",command="help"\}/);
    assert.match(body, /process_resident_memory_bytes \d+/);
  });
});

describe('local console', () => {
  test('the page is served', async () => {
    const response = await http().inject('/console');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /otc-bot 本地控制台/);
    assert.equal((await http().inject('/console/marked.js')).statusCode, 200);
  });

  test('posting a command returns the reply; images come back as fetchable PNGs', async () => {
    const server = http();
    const response = await server.inject({ method: 'POST', url: '/console/api/messages', payload: { text: '/status' } });
    assert.equal(response.statusCode, 200);
    const entries = response.json().entries as { from: string; kind?: string; markdown?: string; url?: string }[];
    assert.equal(entries[0].from, 'user');
    const table = entries.find((e) => e.kind === 'markdown');
    assert.match(table?.markdown ?? '', /运行时长/);
    const chart = entries.find((e) => e.kind === 'image');
    assert.ok(chart?.url);
    const png = await server.inject(chart.url);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual(pngSize(png.rawPayload), { width: 900, height: 480 });
  });

  test('the console can act as another user to try roles', async () => {
    const response = await http().inject({ method: 'POST', url: '/console/api/messages', payload: { text: '/help', staffId: 'guest' } });
    assert.match(JSON.stringify(response.json()), /还没有使用本机器人的权限/);
  });

  test('a bad request body gets 400, not a crash', async () => {
    const response = await http().inject({ method: 'POST', url: '/console/api/messages', payload: { text: '' } });
    assert.equal(response.statusCode, 400);
  });

  test('the console refuses requests that are not from loopback', async () => {
    const response = await http().inject({ url: '/console', remoteAddress: '10.1.2.3' });
    assert.equal(response.statusCode, 403);
  });
});
