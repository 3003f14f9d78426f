// Turning what an admin types into a typed setting value and back. Pure. Every refusal names the
// key and says what was expected, so a mistyped setting never changes behaviour silently.
import { validate as validateCron } from 'node-cron';
import { parseDuration } from './duration.js';
import type { SettingDefinition, SettingValue } from './settings.js';

export class SettingValidationError extends Error {
  constructor(
    readonly key: string,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${key}: ${messageKey}`);
  }
}

const VENUE_ID = /^[a-z][a-z0-9]*$/;

/** Parses what an admin typed into a typed value, or throws SettingValidationError. */
export function parseSettingValue(definition: SettingDefinition, raw: string): SettingValue {
  const text = raw.trim();
  const { key } = definition;
  const fail = (messageKey: string, params: Record<string, string | number> = {}) =>
    new SettingValidationError(key, messageKey, { value: text, ...params });
  switch (definition.type) {
    case 'duration': {
      const ms = parseDuration(text);
      // "15" alone is the most common slip: say the unit is missing rather than "not a duration".
      if (ms === null) throw fail(/^\d+(\.\d+)?$/.test(text) ? 'setting.error.durationUnit' : 'setting.error.duration');
      checkRange(definition, ms, formatSettingDuration);
      return ms;
    }
    case 'number':
    case 'integer': {
      const value = parseNumber(definition, text);
      if (value === null) throw fail('setting.error.number', { example: formatSettingValue(definition, definition.min ?? 1) });
      if (definition.type === 'integer' && !Number.isInteger(value)) throw fail('setting.error.integer');
      checkRange(definition, value, String);
      return value;
    }
    case 'enum': {
      const match = definition.choices?.find((item) => item.toLowerCase() === text.toLowerCase());
      if (!match) throw fail('setting.error.choice', { choices: (definition.choices ?? []).join(', ') });
      return match;
    }
    case 'cron':
      if (!validateCron(text)) throw fail('setting.error.cron');
      // A six-field expression has seconds; "every second" would hammer the source database.
      if (text.split(/\s+/).length === 6 && !/^\d+$/.test(text.split(/\s+/)[0])) throw fail('setting.error.cronTooFrequent');
      return text;
    case 'list': {
      const items = [...new Set(text.split(/[,，\s]+/).map((item) => item.trim().toLowerCase()).filter(Boolean))];
      if (items.length === 0) throw fail('setting.error.list');
      const bad = items.find((item) => !VENUE_ID.test(item));
      if (bad) throw fail('setting.error.listItem', { item: bad });
      return items;
    }
  }
}

/** Numbers accept 100_000 and 100,000; a percentile may carry "%", a fraction may be typed as "1%". */
function parseNumber(definition: SettingDefinition, text: string): number | null {
  let cleaned = text.replace(/[_,]/g, '');
  let scale = 1;
  if (cleaned.endsWith('%') && (definition.unit === 'percentile' || definition.unit === 'fraction')) {
    cleaned = cleaned.slice(0, -1).trim();
    if (definition.unit === 'fraction') scale = 0.01;
  }
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  // Round away binary noise from the % scaling (1.1% → 0.011, not 0.011000000000000001).
  return Number((Number(cleaned) * scale).toPrecision(12));
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
  if (definition.type === 'duration') return formatSettingDuration(value as number);
  if (Array.isArray(value)) return value.join(',');
  // 1,000,000 reads at a glance; the parser accepts the commas back.
  if (typeof value === 'number' && Math.abs(value) >= 10_000) return value.toLocaleString('en-US', { maximumFractionDigits: 12 });
  return String(value);
}

/** 30d, 1d, 1h30m, 90s → 1m30s: days at most, since "4w2d" for a 30-day window reads oddly. */
function formatSettingDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}

/** Cross-setting rules checked on the combined result of a multi-key change. */
export function crossCheck(values: ReadonlyMap<string, SettingValue>): SettingValidationError[] {
  const problems: SettingValidationError[] = [];
  const ltv = values.get('liq.ltv') as number;
  const call = values.get('liq.call') as number;
  const liq = values.get('liq.liq') as number;
  if (!(ltv < call && call < liq)) problems.push(new SettingValidationError('liq.liq', 'setting.error.ltvOrder', { ltv, call, liq }));
  if ((values.get('liq.paths') as number) > (values.get('liq.max_paths') as number)) {
    problems.push(new SettingValidationError('liq.paths', 'setting.error.pathsOverMax', { paths: values.get('liq.paths') as number, max: values.get('liq.max_paths') as number }));
  }
  return problems;
}

/**
 * Whether a value read from the database still fits its definition (the registry may have
 * narrowed a range since it was stored, or a row was edited by hand): callers fall back to the default.
 */
export function isValidStoredValue(definition: SettingDefinition, value: unknown): value is SettingValue {
  const numeric = definition.type === 'duration' || definition.type === 'number' || definition.type === 'integer';
  const typed = definition.type === 'list' ? Array.isArray(value) && value.every((item) => typeof item === 'string') : typeof value === (numeric ? 'number' : 'string');
  if (!typed) return false;
  try {
    parseSettingValue(definition, formatSettingValue(definition, value as SettingValue));
    return true;
  } catch {
    return false;
  }
}
