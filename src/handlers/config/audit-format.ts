// How audit rows read in chat: "修改设置 · 设置 alerts.unhedged_after · 10m → 15m" rather than
// "setting.set · setting:alerts.unhedged_after · 600000 → 900000". Used by /audit and /config history.
import { formatDateTime } from '../../bot/format.js';
import { hasMessage, type Translate } from '../../bot/i18n.js';
import { formatSettingValue, type SettingValue, settingDefinition } from '../../domain/settings.js';

const MAX_CELL = 80;

export function auditAction(t: Translate, action: string): string {
  return hasMessage(`audit.action.${action}`) ? t(`audit.action.${action}`) : action;
}

/** `setting:alerts.cron` → "设置 alerts.cron"; unknown kinds are shown as stored. */
export function auditSubject(t: Translate, subject: string | undefined): string {
  if (!subject) return '-';
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon);
  return colon > 0 && hasMessage(`audit.subject.${kind}`) ? `${t(`audit.subject.${kind}`)} ${subject.slice(colon + 1)}` : subject;
}

const KEY_ORDER = ['target', 'alertTypes', 'role', 'until', 'reason'];
const keyRank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

export function auditValue(t: Translate, subject: string | undefined, value: unknown, timeZone: string): string {
  if (value === undefined || value === null) return '-';
  const definition = subject?.startsWith('setting:') ? settingDefinition(subject.slice('setting:'.length)) : undefined;
  if (definition) return formatSettingValue(definition, value as SettingValue);
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { role?: unknown }).role === 'string') {
    const role = (value as { role: string }).role;
    return hasMessage(`role.${role}`) ? t(`role.${role}`) : role;
  }
  // Other features' rows ({alertTypes: [...]}, {target, until, reason}): their values, in words.
  const shown = plain(value, timeZone);
  return (shown === '' ? '-' : shown).slice(0, MAX_CELL);
}

function plain(value: unknown, timeZone: string): string {
  if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(new Date(value), timeZone) : value;
  if (Array.isArray(value)) return value.map((item) => plain(item, timeZone)).join(',');
  if (value && typeof value === 'object') {
    // jsonb sorts keys by length; read what was acted on first, then until when, then why.
    const entries = Object.entries(value).sort(([a], [b]) => keyRank(a) - keyRank(b));
    return entries.map(([, item]) => plain(item, timeZone)).filter(Boolean).join(' · ');
  }
  return String(value);
}

export function auditActor(row: { actorStaffId: string; actorNick?: string }): string {
  return row.actorNick && row.actorNick !== row.actorStaffId ? `${row.actorNick} (${row.actorStaffId})` : row.actorStaffId;
}
