// The one registry of runtime settings: key, type, default, allowed range, unit, description key
// and whether a change applies live. Values live in otc_bot.settings; the environment gives defaults.
// Pure: parsing and validation only.
import { validate as validateCron } from 'node-cron';
import { formatDurationShort, parseDuration } from './duration.js';

export type SettingValue = string | number | string[];

export interface SettingDefaults {
  alertCron: string;
  exchanges: string[];
  locale: 'zh-CN' | 'en';
}

export interface SettingDefinition {
  key: string;
  /** How the value is typed in chat and shown back. */
  type: 'duration' | 'number' | 'integer' | 'enum' | 'cron' | 'list';
  unit?: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** Message key of the description (zh-CN/en catalogue). */
  descriptionKey: string;
  /** False when the change needs a restart to apply. */
  live: boolean;
  defaultValue(defaults: SettingDefaults): SettingValue;
}

export class SettingValidationError extends Error {
  constructor(
    readonly key: string,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${key}: ${messageKey}`);
  }
}

const duration = (key: string, fallback: string, min: string, max: string, live = true): SettingDefinition => ({
  key,
  type: 'duration',
  min: parseDuration(min) as number,
  max: parseDuration(max) as number,
  descriptionKey: `setting.${key}`,
  live,
  defaultValue: () => parseDuration(fallback) as number,
});

const number = (key: string, fallback: number, min: number, max: number, unit?: string, type: 'number' | 'integer' = 'number'): SettingDefinition => ({
  key,
  type,
  min,
  max,
  unit,
  descriptionKey: `setting.${key}`,
  live: true,
  defaultValue: () => fallback,
});

const choice = (key: string, choices: readonly string[], fallback: (d: SettingDefaults) => string): SettingDefinition => ({
  key,
  type: 'enum',
  choices,
  descriptionKey: `setting.${key}`,
  live: true,
  defaultValue: fallback,
});

export const SETTINGS: readonly SettingDefinition[] = [
  { key: 'alerts.cron', type: 'cron', descriptionKey: 'setting.alerts.cron', live: true, defaultValue: (d) => d.alertCron },
  number('alerts.percentile_low', 5, 0.1, 49.9, '%'),
  number('alerts.percentile_high', 95, 50.1, 99.9, '%'),
  number('alerts.lag_percentile', 95, 50.1, 99.9, '%'),
  choice('alerts.metric', ['pnl_bps', 'pnl'], () => 'pnl_bps'),
  number('alerts.min_samples', 30, 1, 100_000, undefined, 'integer'),
  duration('alerts.history_window', '30d', '1d', '365d'),
  duration('alerts.unhedged_after', '10m', '1m', '24h'),
  duration('alerts.roundtrip_window', '5m', '10s', '24h'),
  number('alerts.roundtrip_amount_tolerance', 0, 0, 0.5, 'fraction'),
  choice('alerts.roundtrip_scope', ['client', 'any'], () => 'client'),
  number('matching.tolerance', 0.01, 0, 0.1, 'fraction'),
  duration('matching.max_lag', '24h', '1m', '7d'),
  number('coin.notional', 100_000, 1, 1e9, 'quote'),
  {
    key: 'coin.exchanges',
    type: 'list',
    descriptionKey: 'setting.coin.exchanges',
    live: true,
    defaultValue: (d) => d.exchanges,
  },
  number('liq.ltv', 0.65, 0.01, 0.99, 'fraction'),
  number('liq.call', 0.8, 0.01, 0.99, 'fraction'),
  number('liq.liq', 0.9, 0.01, 0.999, 'fraction'),
  duration('liq.horizon', '7d', '1h', '90d'),
  number('liq.paths', 20_000, 100, 1_000_000, undefined, 'integer'),
  number('liq.max_paths', 1_000_000, 1000, 5_000_000, undefined, 'integer'),
  duration('liq.delay', '1m', '0s', '1d'),
  choice('liq.venue', ['htx', 'binance', 'okx', 'bybit'], () => 'htx'),
  choice('locale', ['zh-CN', 'en'], (d) => d.locale),
];

const BY_KEY = new Map(SETTINGS.map((definition) => [definition.key, definition]));

export function settingDefinition(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key);
}

/** Parses what an admin typed into a typed value, or throws SettingValidationError. */
export function parseSettingValue(definition: SettingDefinition, raw: string): SettingValue {
  const text = raw.trim();
  const { key } = definition;
  switch (definition.type) {
    case 'duration': {
      const ms = parseDuration(text);
      if (ms === null) throw new SettingValidationError(key, 'setting.error.duration', { value: text });
      checkRange(definition, ms, formatDurationShort);
      return ms;
    }
    case 'number':
    case 'integer': {
      const value = Number(text.replace(/_/g, ''));
      if (text === '' || !Number.isFinite(value)) throw new SettingValidationError(key, 'setting.error.number', { value: text });
      if (definition.type === 'integer' && !Number.isInteger(value)) throw new SettingValidationError(key, 'setting.error.integer', { value: text });
      checkRange(definition, value, String);
      return value;
    }
    case 'enum':
      if (!definition.choices?.includes(text)) {
        throw new SettingValidationError(key, 'setting.error.choice', { value: text, choices: (definition.choices ?? []).join(', ') });
      }
      return text;
    case 'cron':
      if (!validateCron(text)) throw new SettingValidationError(key, 'setting.error.cron', { value: text });
      return text;
    case 'list': {
      const items = text.split(/[,，\s]+/).map((item) => item.trim().toLowerCase()).filter(Boolean);
      if (items.length === 0) throw new SettingValidationError(key, 'setting.error.list', { value: text });
      return items;
    }
  }
}

function checkRange(definition: SettingDefinition, value: number, show: (value: number) => string): void {
  if ((definition.min !== undefined && value < definition.min) || (definition.max !== undefined && value > definition.max)) {
    throw new SettingValidationError(definition.key, 'setting.error.range', {
      value: show(value),
      min: show(definition.min ?? Number.NEGATIVE_INFINITY),
      max: show(definition.max ?? Number.POSITIVE_INFINITY),
    });
  }
}

/** How a value is shown back (the same spelling parseSettingValue accepts). */
export function formatSettingValue(definition: SettingDefinition, value: SettingValue): string {
  if (definition.type === 'duration') return formatDurationShort(value as number);
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Cross-setting rules checked on the combined result of a multi-key change. */
export function crossCheck(values: ReadonlyMap<string, SettingValue>): SettingValidationError[] {
  const problems: SettingValidationError[] = [];
  const ltv = values.get('liq.ltv') as number;
  const call = values.get('liq.call') as number;
  const liq = values.get('liq.liq') as number;
  if (!(ltv < call && call < liq)) problems.push(new SettingValidationError('liq.liq', 'setting.error.ltvOrder', { ltv, call, liq }));
  if ((values.get('liq.paths') as number) > (values.get('liq.max_paths') as number)) {
    problems.push(new SettingValidationError('liq.paths', 'setting.error.pathsOverMax'));
  }
  return problems;
}
