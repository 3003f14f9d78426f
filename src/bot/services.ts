// The ports a command may use. Composition (src/main.ts) builds one Services per process.
import type { Pool } from 'pg';
import type { Config } from '../config.js';
import type { ChartRenderer } from '../adapters/charts/render.js';
import type { AuditRepository } from '../adapters/db/audit-repository.js';
import type { PreferencesRepository } from '../adapters/db/preferences-repository.js';
import type { RoleRepository } from '../adapters/db/role-repository.js';
import type { SettingsRepository } from '../adapters/db/settings-repository.js';
import type { Logger } from '../adapters/logger.js';
import type { MarketData } from '../adapters/market/market-data.js';
import type { Metrics } from '../adapters/metrics.js';
import type { Clock } from '../domain/clock.js';
import type { Confirmations } from './confirmations.js';
import type { PushSender } from './push.js';
import type { CommandRegistry } from './registry.js';
import type { RuntimeStatus } from './runtime-status.js';
import type { SettingsChanges } from './settings-changes.js';

export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** The bot's own database (schema otc_bot). */
  db: Pool;
  /** Where otc_lock_orders / otc_hedge_orders live (read only). */
  sourceDb: Pool;
  registry: CommandRegistry;
  roles: RoleRepository;
  audit: AuditRepository;
  preferences: PreferencesRepository;
  /** Runtime settings (read a snapshot per cycle or command). */
  settings: SettingsRepository;
  settingsChanges: SettingsChanges;
  /** Dangerous actions wait here for /confirm CODE (src/bot/confirmations.ts). */
  confirmations: Confirmations;
  /** Pushes to conversations (alerts): console page or DingTalk OpenAPI, set by main.ts per mode. */
  push: PushSender;
  charts: ChartRenderer;
  /** Exchange market data through ccxt (venues, books, candles, funding, open interest). */
  market: MarketData;
  metrics: Metrics;
  runtime: RuntimeStatus;
  /** The alert cycle's schedule, set by main.ts when jobs run (absent in `ask`, `migrate` and most tests). */
  alertSchedule?: { cron(): string; nextRun(): Date | null };
}
