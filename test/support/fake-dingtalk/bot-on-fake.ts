// Starts a whole bot in DingTalk mode against a fake DingTalk, on a test database, with short timings.
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/adapters/logger.js';
import type { DingTalkOptions } from '../../../src/bot/dingtalk/index.js';
import { loadConfig } from '../../../src/config.js';
import { type BotApp, startBot } from '../../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../test-database.js';
import type { FakeDingTalk } from './fake-dingtalk.js';

export const FAST_TIMINGS = { backoffBaseMs: 10, backoffMaxMs: 200, stableAfterMs: 2000, idleTimeoutMs: 2000, keepAliveMs: 200, connectTimeoutMs: 2000 };

export interface BotOnFake {
  app: BotApp;
  database: TestDatabase;
  /** Every log line the bot wrote (level debug), to check that no secret leaks. */
  logs: string[];
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotOnFake(
  fake: FakeDingTalk,
  options: { database?: TestDatabase; env?: Record<string, string>; dingtalk?: DingTalkOptions } = {},
): Promise<BotOnFake> {
  const database = options.database ?? (await createTestDatabase());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'debug', ADMIN_STAFF_IDS: 'staff-001', ...fake.env, ...options.env });
  const app = await startBot(config, {
    listen: false,
    logger: createLogger('debug', sink),
    dingtalk: { retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...options.dingtalk, timings: { ...FAST_TIMINGS, ...options.dingtalk?.timings } },
  });
  return {
    app,
    database,
    logs,
    stop: () => app.stop(),
    async close() {
      await app.stop();
      if (!options.database) await database.drop();
    },
  };
}
