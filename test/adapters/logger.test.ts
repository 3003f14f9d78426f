import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../src/adapters/logger.js';
import { loadConfig } from '../../src/config.js';

test('secrets, tokens and webhook URLs never reach the log', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('info', sink);
  const config = loadConfig({ DINGTALK_CLIENT_ID: 'app-key', DINGTALK_CLIENT_SECRET: 'super-secret-value', DATABASE_URL: 'postgres://bot:db-password@db/otc' });
  logger.info({ config }, 'starting');
  logger.info({ request: { accessToken: 'tok-123', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc' } }, 'reply');
  logger.info({ response: { access_token: 'tok-456', headers: { authorization: 'Bearer tok-789' } } }, 'upload');
  const output = lines.join('');
  for (const secret of ['super-secret-value', 'db-password', 'tok-123', 'session=abc', 'tok-456', 'tok-789']) {
    assert.ok(!output.includes(secret), `${secret} leaked: ${output}`);
  }
  assert.match(output, /\[redacted\]/);
  assert.match(output, /app-key/);
});
