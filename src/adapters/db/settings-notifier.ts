// Live reload across instances: a committed settings change sends NOTIFY otc_bot_settings inside its
// transaction; every instance LISTENs on a dedicated connection (not a pool client: a pooled client
// would be handed to other work) and feeds services.settingsChanges. The writer emits locally at
// once and ignores its own notification, so each instance hears each change exactly once.
// Embedded PGlite is one process and one session: no listener there, only the local emit.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { SettingsChanges } from '../../bot/settings-changes.js';
import { SETTINGS } from '../../domain/settings.js';
import type { Logger } from '../logger.js';
import type { SettingsPublisher } from './settings-repository.js';

export const SETTINGS_CHANNEL = 'otc_bot_settings';
const RECONNECT_MAX_MS = 30_000;

export interface SettingsNotifier extends SettingsPublisher {
  stop(): Promise<void>;
}

/** Emits in this process only; a listener that throws is logged, never fails the change. */
export function localSettingsPublisher(changes: SettingsChanges, logger: Logger): SettingsPublisher {
  return {
    inTransaction: async () => undefined,
    committed: (keys) => emitSafely(changes, logger, keys),
  };
}

export async function startSettingsNotifier(options: { url: string; changes: SettingsChanges; logger: Logger }): Promise<SettingsNotifier> {
  const { url, changes, logger } = options;
  const origin = randomUUID();
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = 1000;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: 'otc-bot-settings-listener' });
    next.on('notification', (message) => {
      if (message.channel !== SETTINGS_CHANNEL || !message.payload) return;
      const notice = parseNotice(message.payload);
      if (!notice) logger.warn({ payload: message.payload }, 'ignored a malformed settings notification');
      else if (notice.origin !== origin) emitSafely(changes, logger, notice.keys);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'settings listener connection failed');
      lost(next);
    });
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${SETTINGS_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  }

  function lost(failed: pg.Client): void {
    if (stopped || client !== failed) return;
    client = undefined;
    failed.end().catch(() => undefined);
    retryLater();
  }

  function retryLater(): void {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(async () => {
      retryTimer = undefined;
      try {
        await connect();
        if (stopped) return void (await client?.end());
        retryMs = 1000;
        // Changes made while we were away sent notifications nobody here heard: re-read everything.
        emitSafely(changes, logger, SETTINGS.map((definition) => definition.key));
        logger.info('settings listener reconnected');
      } catch (error) {
        logger.warn({ err: error, retryMs }, 'settings listener reconnect failed');
        retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
        retryLater();
      }
    }, retryMs);
    retryTimer.unref();
  }

  await connect();
  return {
    async inTransaction(db, keys) {
      await db.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, JSON.stringify({ origin, keys })]);
    },
    committed: (keys) => emitSafely(changes, logger, keys),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await client?.end();
    },
  };
}

function parseNotice(payload: string): { origin: string; keys: string[] } | undefined {
  try {
    const value = JSON.parse(payload) as { origin?: unknown; keys?: unknown };
    if (typeof value.origin !== 'string' || !Array.isArray(value.keys)) return undefined;
    return { origin: value.origin, keys: value.keys.filter((key): key is string => typeof key === 'string') };
  } catch {
    return undefined;
  }
}

function emitSafely(changes: SettingsChanges, logger: Logger, keys: string[]): void {
  if (keys.length === 0) return;
  try {
    changes.emit(keys);
  } catch (error) {
    logger.error({ err: error, keys }, 'a settings listener failed');
  }
}
