// How audit rows read in chat: "修改设置 · 设置 alerts.unhedged_after · 10m → 15m" rather than
// "setting.set · setting:alerts.unhedged_after · 600000 → 900000". Used by /audit and /config history.
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

export function auditValue(t: Translate, subject: string | undefined, value: unknown): string {
  if (value === undefined || value === null) return '-';
  const definition = subject?.startsWith('setting:') ? settingDefinition(subject.slice('setting:'.length)) : undefined;
  if (definition) return formatSettingValue(definition, value as SettingValue);
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { role?: unknown }).role === 'string') {
    const role = (value as { role: string }).role;
    return hasMessage(`role.${role}`) ? t(`role.${role}`) : role;
  }
  if (typeof value === 'string') return value.slice(0, MAX_CELL);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',').slice(0, MAX_CELL);
  return JSON.stringify(value).slice(0, MAX_CELL);
}

export function auditActor(row: { actorStaffId: string; actorNick?: string }): string {
  return row.actorNick && row.actorNick !== row.actorStaffId ? `${row.actorNick} (${row.actorStaffId})` : row.actorStaffId;
}
