// Message catalogue lookup: keyed messages per language with {param} placeholders.
import type { Locale } from '../config.js';
import { catalogues } from './messages/index.js';

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const merged: Record<Locale, Record<string, string>> = { 'zh-CN': {}, en: {} };
for (const catalogue of catalogues) {
  Object.assign(merged['zh-CN'], catalogue['zh-CN']);
  Object.assign(merged.en, catalogue.en);
}

export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = merged[locale][key] ?? merged['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function hasMessage(key: string): boolean {
  return key in merged['zh-CN'];
}

/** Every key present in one language must be present in the other (checked by a test). */
export function missingTranslations(): { locale: Locale; key: string }[] {
  const missing: { locale: Locale; key: string }[] = [];
  for (const key of Object.keys(merged['zh-CN'])) if (!(key in merged.en)) missing.push({ locale: 'en', key });
  for (const key of Object.keys(merged.en)) if (!(key in merged['zh-CN'])) missing.push({ locale: 'zh-CN', key });
  return missing;
}
