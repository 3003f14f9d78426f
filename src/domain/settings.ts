// The one registry of runtime settings: key, type, default, allowed range, unit, description key
// and whether a change applies live. Values live in otc_bot.settings; the environment gives defaults.
// Pure: parsing and validation only (see setting-values.ts).
import { parseDuration } from './duration.js';

export { crossCheck, formatSettingValue, parseSettingValue, SettingValidationError } from './setting-values.js';

export type SettingValue = string | number | string[];

export interface SettingDefaults {
  alertCron: string;
  exchanges: string[];
  locale: 'zh-CN' | 'en';
}

/** What a number means; shown next to the value (catalogue `setting.unit.<unit>`). */
export type SettingUnit = 'duration' | 'cron' | 'percentile' | 'fraction' | 'quote' | 'orders' | 'paths' | 'choice' | 'venues';

export interface SettingDefinition {
  key: string;
  /** How the value is typed in chat and shown back. */
  type: 'duration' | 'number' | 'integer' | 'enum' | 'cron' | 'list';
  unit: SettingUnit;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** Message key of the description (zh-CN/en catalogue): `setting.<key>`. */
  descriptionKey: string;
  /** False when the change needs a restart to apply. */
  live: boolean;
  /** The environment variable whose value is the default, when there is one. */
  envVariable?: string;
  defaultValue(defaults: SettingDefaults): SettingValue;
}

const base = (key: string) => ({ key, descriptionKey: `setting.${key}`, live: true });

const duration = (key: string, fallback: string, min: string, max: string): SettingDefinition => ({
  ...base(key),
  type: 'duration',
  unit: 'duration',
  min: parseDuration(min) as number,
  max: parseDuration(max) as number,
  defaultValue: () => parseDuration(fallback) as number,
});

const number = (key: string, fallback: number, min: number, max: number, unit: SettingUnit, type: 'number' | 'integer' = 'number'): SettingDefinition => ({
  ...base(key),
  type,
  unit,
  min,
  max,
  defaultValue: () => fallback,
});

const choice = (key: string, choices: readonly string[], fallback: (d: SettingDefaults) => string, envVariable?: string): SettingDefinition => ({
  ...base(key),
  type: 'enum',
  unit: 'choice',
  choices,
  envVariable,
  defaultValue: fallback,
});

export const SETTINGS: readonly SettingDefinition[] = [
  { ...base('alerts.cron'), type: 'cron', unit: 'cron', envVariable: 'ALERT_CRON', defaultValue: (d) => d.alertCron },
  number('alerts.percentile_low', 5, 0.1, 49.9, 'percentile'),
  number('alerts.percentile_high', 95, 50.1, 99.9, 'percentile'),
  number('alerts.lag_percentile', 95, 50.1, 99.9, 'percentile'),
  choice('alerts.metric', ['pnl_bps', 'pnl'], () => 'pnl_bps'),
  number('alerts.min_samples', 30, 1, 100_000, 'orders', 'integer'),
  duration('alerts.history_window', '30d', '1d', '365d'),
  duration('alerts.unhedged_after', '10m', '1m', '24h'),
  duration('alerts.roundtrip_window', '5m', '10s', '24h'),
  number('alerts.roundtrip_amount_tolerance', 0, 0, 0.5, 'fraction'),
  choice('alerts.roundtrip_scope', ['client', 'any'], () => 'client'),
  duration('alerts.retention', '90d', '7d', '3650d'),
  number('matching.tolerance', 0.01, 0, 0.1, 'fraction'),
  duration('matching.max_lag', '24h', '1m', '7d'),
  number('coin.notional', 100_000, 1, 1e9, 'quote'),
  { ...base('coin.exchanges'), type: 'list', unit: 'venues', envVariable: 'EXCHANGES', defaultValue: (d) => d.exchanges },
  number('liq.ltv', 0.65, 0.01, 0.99, 'fraction'),
  number('liq.call', 0.8, 0.01, 0.99, 'fraction'),
  number('liq.liq', 0.9, 0.01, 0.999, 'fraction'),
  duration('liq.horizon', '7d', '1h', '90d'),
  number('liq.paths', 20_000, 100, 1_000_000, 'paths', 'integer'),
  number('liq.max_paths', 1_000_000, 1000, 5_000_000, 'paths', 'integer'),
  duration('liq.delay', '1m', '0s', '1d'),
  choice('liq.venue', ['htx', 'binance', 'okx', 'bybit'], () => 'htx'),
  choice('locale', ['zh-CN', 'en'], (d) => d.locale, 'LOCALE'),
];

const BY_KEY = new Map(SETTINGS.map((definition) => [definition.key, definition]));

export function settingDefinition(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key);
}

/** Settings whose key is `prefix` or starts with `prefix.` (or any prefix of a key, e.g. `alerts.round`). */
export function settingsWithPrefix(prefix: string): SettingDefinition[] {
  const wanted = prefix.trim().toLowerCase();
  return SETTINGS.filter((definition) => definition.key.startsWith(wanted));
}
