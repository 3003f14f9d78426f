// Silences (/alerts mute): what a silence matches and whether it is in force. Pure.
import { type AlertRule, type AlertType, isAlertType } from './types.js';

export type SilenceMatcher =
  | { kind: 'type'; value: AlertType }
  | { kind: 'rule'; value: AlertRule }
  | { kind: 'key'; value: string }
  | { kind: 'coin'; value: string }
  | { kind: 'client'; value: string };

export interface Silence {
  id: number;
  matcher: SilenceMatcher;
  startsAt: Date;
  endsAt: Date;
  cancelledAt?: Date | null;
}

const RULES: readonly AlertRule[] = ['pnl_low', 'pnl_high', 'lag_high', 'unhedged', 'roundtrip', 'system_down', 'system_recovered'];

/** Reads RULE | KEY | coin=X | client=Y as typed; null when it is none of them. */
export function parseSilenceTarget(target: { text?: string; coin?: string; client?: string }): SilenceMatcher | null {
  if (target.coin) return { kind: 'coin', value: target.coin.toUpperCase() };
  if (target.client) return { kind: 'client', value: target.client };
  const text = target.text?.trim();
  if (!text) return null;
  const lower = text.toLowerCase();
  if (isAlertType(lower)) return { kind: 'type', value: lower };
  if ((RULES as readonly string[]).includes(lower)) return { kind: 'rule', value: lower as AlertRule };
  // Keys look like pnl:L123 or roundtrip:A:B; the prefix must be a type so typos are not silently accepted.
  const prefix = lower.split(':')[0];
  if (text.includes(':') && isAlertType(prefix)) return { kind: 'key', value: `${prefix}${text.slice(prefix.length)}` };
  return null;
}

export function silenceMatches(
  matcher: SilenceMatcher,
  alert: { key: string; type: AlertType; rule: AlertRule; coin?: string | null; clientId?: string | null },
): boolean {
  switch (matcher.kind) {
    case 'type':
      return alert.type === matcher.value;
    case 'rule':
      return alert.rule === matcher.value;
    case 'key':
      return alert.key === matcher.value;
    case 'coin':
      return alert.coin?.toUpperCase() === matcher.value;
    case 'client':
      // A round trip between two clients names both ("A+B"): silencing either covers it.
      return alert.clientId === matcher.value || (alert.clientId?.split('+').includes(matcher.value) ?? false);
  }
}

export function isActive(silence: Silence, now: Date): boolean {
  return !silence.cancelledAt && silence.startsAt <= now && now < silence.endsAt;
}

/** The first silence in force that covers the alert (system alerts are never silenced: the bot's own health). */
export function silencing<S extends Silence>(
  silences: readonly S[],
  alert: Parameters<typeof silenceMatches>[1],
  now: Date,
): S | undefined {
  if (alert.type === 'system') return undefined;
  return silences.find((silence) => isActive(silence, now) && silenceMatches(silence.matcher, alert));
}

export function describeMatcher(matcher: SilenceMatcher): string {
  return matcher.kind === 'coin' || matcher.kind === 'client' ? `${matcher.kind}=${matcher.value}` : matcher.value;
}
