// What an alert is, independent of where it is stored or how it is sent. Pure.
export const ALERT_TYPES = ['pnl', 'lag', 'unhedged', 'roundtrip', 'system'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export function isAlertType(value: string): value is AlertType {
  return (ALERT_TYPES as readonly string[]).includes(value);
}

/** critical: money at risk now (open exposure, a loss, the bot blind); warning: unusual; info: recovery lines. */
export type Severity = 'critical' | 'warning' | 'info';

/** Rules are finer than types: which side of the distribution fired, or which system condition. */
export type AlertRule =
  | 'pnl_low'
  | 'pnl_high'
  | 'lag_high'
  | 'unhedged'
  | 'roundtrip'
  | 'system_down'
  | 'system_recovered';

export interface NewAlert {
  /** Stable across cycles and instances: the outbox is unique on it. */
  key: string;
  type: AlertType;
  rule: AlertRule;
  severity: Severity;
  /** Orders alerts of one severity: the money (or seconds) at stake, larger first. */
  weight: number;
  coin?: string;
  clientId?: string;
  lockId?: string;
  /** When the underlying event happened (lock time, condition start). */
  occurredAt: Date;
  /** Everything the message needs (values, thresholds, sample size, orders). JSON-safe. */
  details: Record<string, unknown>;
  /** Conversations this alert is not delivered to even when subscribed (a push_failing alert skips the failing one). */
  notFor?: string[];
}

export const alertKeys = {
  pnl: (lockId: string) => `pnl:${lockId}`,
  lag: (lockId: string) => `lag:${lockId}`,
  unhedged: (lockId: string) => `unhedged:${lockId}`,
  /** The two ids in a fixed order so a pair seen from either side has one key. */
  roundtrip: (a: string, b: string) => (a < b ? `roundtrip:${a}:${b}` : `roundtrip:${b}:${a}`),
  system: (condition: string, event: 'down' | 'recovered', since: Date, repeat = 0) =>
    `system:${condition}:${event}:${since.toISOString()}${repeat > 0 ? `:${repeat}` : ''}`,
};
