import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  test('no configuration at all: embedded database, console mode, contract defaults', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dingtalk, undefined);
    assert.equal(config.consoleEnabled, true);
    assert.equal(config.alertCron, '*/5 * * * *');
    assert.equal(config.timeZone, 'Asia/Shanghai');
    assert.deepEqual(config.exchanges, ['htx', 'binance', 'okx', 'bybit']);
    assert.deepEqual(config.http, { host: '127.0.0.1', port: 8080 });
    assert.equal(config.locale, 'zh-CN');
    assert.match(config.dataDir, /\/data$/);
  });

  test('DingTalk credentials switch the console off unless CONSOLE=on; robot code defaults to the client id', () => {
    const config = loadConfig({ DINGTALK_CLIENT_ID: 'ding123', DINGTALK_CLIENT_SECRET: 's3cret' });
    assert.equal(config.consoleEnabled, false);
    assert.equal(config.dingtalk?.robotCode, 'ding123');
    assert.equal(config.dingtalk?.apiBase, 'https://api.dingtalk.com');
    assert.equal(loadConfig({ DINGTALK_CLIENT_ID: 'a', DINGTALK_CLIENT_SECRET: 'b', CONSOLE: 'on' }).consoleEnabled, true);
  });

  test('lists and overrides are parsed', () => {
    const config = loadConfig({
      ADMIN_STAFF_IDS: ' alice, bob ,,',
      EXCHANGES: 'binance,okx',
      EXCHANGE_API_OVERRIDES: 'binance=http://127.0.0.1:9001/,okx=https://proxy.example:8443',
      SOURCE_DATABASE_URL: 'postgres://ro@db/otc',
    });
    assert.deepEqual(config.adminStaffIds, ['alice', 'bob']);
    assert.deepEqual(config.exchanges, ['binance', 'okx']);
    assert.deepEqual(config.exchangeApiOverrides, { binance: 'http://127.0.0.1:9001', okx: 'https://proxy.example:8443' });
    assert.equal(config.sourceDatabaseUrl, 'postgres://ro@db/otc');
  });

  test('SOURCE_DATABASE_URL defaults to DATABASE_URL', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).sourceDatabaseUrl, 'postgres://x@h/db');
  });

  test('each bad variable gives its own line naming it', () => {
    const problems = problemsOf({
      DATABASE_URL: 'not a url',
      ALERT_CRON: 'every five minutes',
      TZ: 'Mars/Olympus',
      HTTP_PORT: '99999',
      LOCALE: 'fr',
      LOG_LEVEL: 'loud',
      EXCHANGE_API_OVERRIDES: 'binance:9001',
      DINGTALK_CLIENT_ID: 'only-id',
    });
    const byVariable = (name: string) => problems.filter((line) => line.startsWith(`${name}:`));
    for (const name of ['DATABASE_URL', 'ALERT_CRON', 'TZ', 'HTTP_PORT', 'LOCALE', 'LOG_LEVEL', 'EXCHANGE_API_OVERRIDES', 'DINGTALK_CLIENT_SECRET']) {
      assert.equal(byVariable(name).length, 1, `${name}: ${problems.join(' | ')}`);
    }
    assert.match(byVariable('ALERT_CRON')[0], /cron expression/);
    assert.match(byVariable('TZ')[0], /IANA time zone/);
    assert.match(byVariable('EXCHANGE_API_OVERRIDES')[0], /venue=http/);
    assert.equal(problems.length, 8);
  });

  test('empty values mean unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '', HTTP_PORT: '' }).http.port, 8080);
  });
});
