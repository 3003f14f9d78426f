// The child process of alerts-kill.test.ts: the alert scheduler with the real DingTalk push path
// (OpenAPI client, reply sender, push sender) against the fake platform, and nothing else, so that
// twenty restarts stay fast. The parent SIGKILLs it at random points of delivery.
import { createChartRenderer } from '../../src/adapters/charts/render.js';
import { createAuditRepository } from '../../src/adapters/db/audit-repository.js';
import { localSettingsPublisher } from '../../src/adapters/db/settings-notifier.js';
import { createSettingsRepository } from '../../src/adapters/db/settings-repository.js';
import { createPool } from '../../src/adapters/db/pool.js';
import { dingtalkApiFromConfig } from '../../src/adapters/dingtalk/api-client.js';
import { createDingTalkStateRepository } from '../../src/adapters/dingtalk/state-repository.js';
import { createLogger } from '../../src/adapters/logger.js';
import { createMetrics } from '../../src/adapters/metrics.js';
import { dingtalkPushSender } from '../../src/bot/dingtalk/push-sender.js';
import { createReplySender } from '../../src/bot/dingtalk/reply-sender.js';
import { createRuntimeStatus } from '../../src/bot/runtime-status.js';
import type { Services } from '../../src/bot/services.js';
import { createSettingsChanges } from '../../src/bot/settings-changes.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { startAlertScheduler } from '../../src/handlers/jobs/alert-scheduler.js';

const config = loadConfig(process.env);
const dingtalk = config.dingtalk;
if (!config.databaseUrl || !dingtalk) throw new Error('alerts-kill-child needs DATABASE_URL and the fake DingTalk environment');
const logger = createLogger(process.env.ALERT_CHILD_LOG ?? 'silent');
const db = createPool(config.databaseUrl);
const api = dingtalkApiFromConfig(dingtalk, { logger, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 } });
const audit = createAuditRepository(db);
const settingsChanges = createSettingsChanges();
const services = {
  config,
  clock: systemClock,
  logger,
  db,
  sourceDb: db,
  audit,
  settings: createSettingsRepository(db, { alertCron: config.alertCron, exchanges: config.exchanges, locale: config.locale }, audit, localSettingsPublisher(settingsChanges, logger)),
  settingsChanges,
  push: dingtalkPushSender({ replies: createReplySender({ api, logger }), state: createDingTalkStateRepository(db), locale: () => config.locale, logger }),
  charts: createChartRenderer(),
  metrics: createMetrics({ defaultMetrics: false }),
  runtime: createRuntimeStatus({ startedAt: new Date(), mode: 'dingtalk', databaseMode: 'server' }),
  // The alert cycle uses none of the chat-side services (registry, roles, market …).
} as unknown as Services;

await startAlertScheduler(services);
process.stdout.write('ready\n');
// The schedule's timer is unref'd (the bot's servers keep the real process alive); here nothing else does.
setInterval(() => undefined, 60_000);
