// Composition root: read config, build adapters, wire bot + jobs + http, start, stop.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createChartRenderer } from './adapters/charts/render.js';
import { createAuditRepository } from './adapters/db/audit-repository.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './adapters/db/embedded-postgres.js';
import { createDemoSourceTables, migrate } from './adapters/db/migrate.js';
import { createPool } from './adapters/db/pool.js';
import { createPreferencesRepository } from './adapters/db/preferences-repository.js';
import { createRoleRepository } from './adapters/db/role-repository.js';
import { createConfirmationRepository } from './adapters/db/confirmation-repository.js';
import { localSettingsPublisher, startSettingsNotifier } from './adapters/db/settings-notifier.js';
import { createSettingsRepository } from './adapters/db/settings-repository.js';
import { buildHttpServer } from './adapters/http/server.js';
import { createLogger, type Logger } from './adapters/logger.js';
import { createMarketData } from './adapters/market/market-data.js';
import { createMetrics } from './adapters/metrics.js';
import { CONSOLE_USER, ConsoleTransport } from './bot/console-transport.js';
import { type DingTalkMode, type DingTalkOptions, startDingTalk } from './bot/dingtalk/index.js';
import { CommandRegistry } from './bot/registry.js';
import { createRouter, type Router } from './bot/router.js';
import { createRuntimeStatus, sampleMemory } from './bot/runtime-status.js';
import { consolePushSender, type PushSender } from './bot/push.js';
import type { Services } from './bot/services.js';
import { createConfirmations } from './bot/confirmations.js';
import { createSettingsChanges } from './bot/settings-changes.js';
import type { Config } from './config.js';
import { type Clock, systemClock } from './domain/clock.js';
import { venueHealthRecorder } from './domain/exchange-health.js';
import { seedDemoOnFirstStart } from './handlers/jobs/demo-seed.js';
import { followDefaultLocale } from './handlers/config/default-locale.js';
import { startAlertScheduler } from './handlers/jobs/alert-scheduler.js';
import { closeSharedSimulationRunner } from './handlers/liq/pool.js';

export interface BotApp {
  services: Services;
  router: Router;
  console?: ConsoleTransport;
  /** Set in DingTalk mode. */
  dingtalk?: DingTalkMode;
  http?: FastifyInstance;
  /** Console URL when the console is on and the server listens. */
  consoleUrl?: string;
  httpUrl?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Listen on HTTP (the `ask` CLI and some tests do not). */
  listen?: boolean;
  /** Load demo OTC data on the first start of an empty embedded database; default on. */
  seedDemo?: boolean;
  /** DingTalk mode tuning (tests and the bench use short timings). */
  dingtalk?: DingTalkOptions;
  /**
   * Run scheduled jobs (the alert cycle). Off unless asked: `otc-bot start` turns them on, so tests,
   * benches, `ask` and `migrate` never have a cycle firing underneath them.
   */
  jobs?: boolean;
}

interface Databases {
  db: pg.Pool;
  sourceDb: pg.Pool;
  embedded?: EmbeddedPostgres;
}

async function openDatabases(config: Config, logger: Logger): Promise<Databases> {
  if (config.databaseUrl) {
    const db = createPool(config.databaseUrl, { logger });
    const sourceDb =
      config.sourceDatabaseUrl && config.sourceDatabaseUrl !== config.databaseUrl
        ? createPool(config.sourceDatabaseUrl, { logger, applicationName: 'otc-bot-source' })
        : db;
    return { db, sourceDb };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  // PGlite is a single session behind the socket: one client keeps transactions from interleaving.
  const db = createPool(embedded.url, { max: 1, logger });
  return { db, sourceDb: db, embedded };
}

export async function startBot(config: Config, options: StartOptions = {}): Promise<BotApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const startedAt = clock.now();
  const { db, sourceDb, embedded } = await openDatabases(config, logger);
  const cleanups: (() => Promise<void>)[] = [];
  cleanups.push(async () => {
    await db.end();
    if (sourceDb !== db) await sourceDb.end();
    await embedded?.stop();
  });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    if (embedded) {
      await createDemoSourceTables(db);
      if (options.seedDemo !== false) await seedDemoOnFirstStart(db, clock, logger);
    }

    const bootstrapAdmins = config.consoleEnabled ? [...config.adminStaffIds, CONSOLE_USER.staffId] : config.adminStaffIds;
    const runtime = createRuntimeStatus({
      startedAt,
      mode: config.dingtalk ? 'dingtalk' : 'console',
      databaseMode: embedded ? 'embedded' : 'server',
    });
    const metrics = createMetrics();
    const audit = createAuditRepository(db);
    // Live reload: other instances hear a settings change by NOTIFY; embedded PGlite is one instance
    // with a one-client pool, so it only emits locally and holds no LISTEN connection.
    const settingsChanges = createSettingsChanges();
    const notifier = config.databaseUrl ? await startSettingsNotifier({ url: config.databaseUrl, changes: settingsChanges, logger }) : undefined;
    if (notifier) cleanups.push(() => notifier.stop());
    const settingsPublisher = notifier ?? localSettingsPublisher(settingsChanges, logger);
    // Filled once the transport exists: console page now; the DingTalk sender in DingTalk mode.
    const push: PushSender = { push: (...args) => pushTarget.push(...args) };
    let pushTarget: PushSender = { push: async () => { throw new Error('no push transport configured'); } };
    const services: Services = {
      config,
      clock,
      logger,
      db,
      sourceDb,
      registry: await CommandRegistry.load(),
      roles: createRoleRepository(db, bootstrapAdmins),
      audit,
      preferences: createPreferencesRepository(db),
      settings: createSettingsRepository(db, { alertCron: config.alertCron, exchanges: config.exchanges, locale: config.locale }, audit, settingsPublisher),
      settingsChanges,
      confirmations: createConfirmations(createConfirmationRepository(db), clock),
      push,
      charts: createChartRenderer(),
      market: createMarketData({ overrides: config.exchangeApiOverrides, health: venueHealthRecorder(runtime.exchangeHealth, () => clock.now()) }),
      metrics,
      runtime,
    };
    const stopFollowingLocale = await followDefaultLocale(services);
    cleanups.push(async () => stopFollowingLocale());
    const router = createRouter(services);
    const consoleTransport = config.consoleEnabled ? new ConsoleTransport(router, () => clock.now()) : undefined;
    if (consoleTransport) pushTarget = consolePushSender(consoleTransport);
    const dingtalk = config.dingtalk ? startDingTalk(config.dingtalk, router, services, options.dingtalk) : undefined;
    if (dingtalk) {
      pushTarget = dingtalk.push;
      cleanups.push(() => dingtalk.stop());
    }

    sampleMemory(runtime, clock.now());
    const sampler = setInterval(() => sampleMemory(runtime, clock.now()), 60_000);
    sampler.unref();
    cleanups.push(async () => clearInterval(sampler));
    // /liq's worker threads start on first use; stop them with the bot.
    cleanups.push(closeSharedSimulationRunner);

    let http: FastifyInstance | undefined;
    let httpUrl: string | undefined;
    if (options.listen !== false) {
      http = buildHttpServer({ db, metrics, runtime, console: consoleTransport });
      await http.listen({ host: config.http.host, port: config.http.port });
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.http.port;
      httpUrl = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
      const server = http;
      cleanups.push(async () => server.close());
    }

    // After the transports, so the first cycle can push; stopped first (cleanups run in reverse).
    if (options.jobs === true) {
      const scheduler = await startAlertScheduler(services);
      services.alertSchedule = scheduler;
      cleanups.push(() => scheduler.stop());
    }

    return {
      services,
      router,
      console: consoleTransport,
      dingtalk,
      http,
      httpUrl,
      consoleUrl: consoleTransport && httpUrl ? `${httpUrl}/console` : undefined,
      async stop() {
        for (const cleanup of cleanups.reverse()) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}
