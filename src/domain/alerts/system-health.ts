// The bot's own trouble as alerts: one line when a condition starts, a reminder at most every
// `repeatMs` while it lasts, and one "recovered" line when it ends. Pure state machine.
import { alertKeys, type NewAlert } from './types.js';

export type SystemCondition = 'source_db' | 'cycle_failing' | 'push_failing';
export const SYSTEM_CONDITIONS: readonly SystemCondition[] = ['source_db', 'cycle_failing', 'push_failing'];

export interface ConditionState {
  condition: SystemCondition;
  /** When the current trouble started; null while healthy. */
  since: Date | null;
  lastNotifiedAt: Date | null;
  repeats: number;
}

export function healthyState(condition: SystemCondition): ConditionState {
  return { condition, since: null, lastNotifiedAt: null, repeats: 0 };
}

export function observeCondition(
  state: ConditionState,
  observation: { failing: boolean; detail?: string },
  now: Date,
  repeatMs: number,
): { state: ConditionState; alert: NewAlert | null } {
  const base = { type: 'system' as const, occurredAt: now, weight: 0 };
  if (observation.failing) {
    if (state.since === null) {
      const next = { condition: state.condition, since: now, lastNotifiedAt: now, repeats: 0 };
      return {
        state: next,
        alert: {
          ...base,
          key: alertKeys.system(state.condition, 'down', now),
          rule: 'system_down',
          severity: 'critical',
          details: { condition: state.condition, detail: observation.detail ?? '', since: now.toISOString() },
        },
      };
    }
    // Rate limit: still failing, remind only once per repeatMs.
    if (state.lastNotifiedAt && now.getTime() - state.lastNotifiedAt.getTime() < repeatMs) return { state, alert: null };
    const repeats = state.repeats + 1;
    return {
      state: { ...state, lastNotifiedAt: now, repeats },
      alert: {
        ...base,
        key: alertKeys.system(state.condition, 'down', state.since, repeats),
        rule: 'system_down',
        severity: 'critical',
        details: { condition: state.condition, detail: observation.detail ?? '', since: state.since.toISOString(), repeat: repeats },
      },
    };
  }
  if (state.since === null) return { state, alert: null };
  return {
    state: healthyState(state.condition),
    alert: {
      ...base,
      key: alertKeys.system(state.condition, 'recovered', state.since),
      rule: 'system_recovered',
      severity: 'info',
      details: { condition: state.condition, since: state.since.toISOString(), durationSeconds: Math.round((now.getTime() - state.since.getTime()) / 1000) },
    },
  };
}
