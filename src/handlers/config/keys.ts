// Finding the setting an admin meant, and saying it back with its unit and range.
import { distance } from 'fastest-levenshtein';
import type { Translate } from '../../bot/i18n.js';
import { formatSettingValue, SETTINGS, type SettingDefinition, type SettingValue, settingDefinition } from '../../domain/settings.js';

/** Closest keys to a mistyped one: a key ending with what was typed first (unhedged_after), then by edit distance. */
export function suggestSettingKeys(typed: string, limit = 3): string[] {
  const wanted = typed.toLowerCase();
  const scored = SETTINGS.map(({ key }) => {
    const tail = key.slice(key.indexOf('.') + 1);
    const score = key.endsWith(wanted) || wanted.endsWith(tail) ? 0 : Math.min(distance(wanted, key) / key.length, distance(wanted, tail) / tail.length);
    return { key, score };
  }).filter((entry) => entry.score <= 0.4);
  scored.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
  return scored.slice(0, limit).map((entry) => entry.key);
}

/** The problem line for a key that does not exist, with suggestions when there are some. */
export function unknownKeyMessage(t: Translate, key: string): string {
  const suggestions = suggestSettingKeys(key);
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return suggestions.length > 0 ? t('config.unknownKeySuggest', { key: shown, suggestions: suggestions.join('、') }) : t('config.unknownKey', { key: shown });
}

export function findSetting(key: string): SettingDefinition | undefined {
  return settingDefinition(key.trim().toLowerCase());
}

/** A value as shown in tables; `-` for what is not a value of this setting (e.g. a pre-060 audit row). */
export function showValue(definition: SettingDefinition, value: unknown): string {
  if (value === undefined || value === null) return '-';
  return formatSettingValue(definition, value as SettingValue);
}

/** "分位，范围 0.1 ~ 49.9" / "可选：pnl_bps, pnl": what an admin needs to type a valid value (none for cron, lists). */
export function describeAllowed(t: Translate, definition: SettingDefinition): string | undefined {
  const unit = t(`setting.unit.${definition.unit}`);
  if (definition.choices) return t('config.allowedChoices', { unit, choices: definition.choices.join(', ') });
  if (definition.min === undefined || definition.max === undefined) return undefined;
  const show = (value: number) => formatSettingValue(definition, value);
  return t('config.allowedRange', { unit, min: show(definition.min), max: show(definition.max) });
}
