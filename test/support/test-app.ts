// A whole bot (console mode) on a fresh test database, for handler and HTTP tests.
import { createLogger } from '../../src/adapters/logger.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { type BotApp, startBot } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp extends BotApp {
  database: TestDatabase;
  /** Sends one line as a user and returns the reply parts. */
  ask(text: string, as?: { staffId?: string; conversationId?: string; mentions?: string[] }): ReturnType<BotApp['router']['handle']>;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    listen?: boolean;
    sourceTables?: boolean;
    /** Another app's database: a second instance on the same data (it does not drop it on close). */
    database?: TestDatabase;
    /** Run the alert schedule (off by default so cycles run only when a test asks). */
    jobs?: boolean;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase({ sourceTables: options.sourceTables ?? true }));
  const config = loadConfig({ DATABASE_URL: database.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...options.env });
  const app = await startBot(config, { clock: options.clock, listen: options.listen ?? false, logger: createLogger('silent'), jobs: options.jobs ?? false });
  return {
    ...app,
    database,
    ask: (text, as = {}) =>
      app.router.handle({
        text,
        staffId: as.staffId ?? 'console-admin',
        nick: as.staffId ?? 'console-admin',
        conversation: { id: as.conversationId ?? 'console-group', type: 'group' },
        mentions: as.mentions,
      }),
    async close() {
      await app.stop();
      if (!options.database) await database.drop();
    },
  };
}
