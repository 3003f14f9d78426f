// The bot's own trouble as alerts: one line when a condition starts, a reminder at most every
// `repeatMs` while it lasts, and one "recovered" line when it ends. Pure state machine.
//
// A condition is either global (the source database, the cycle) or about one subject: a
// conversation whose pushes keep failing, an instance whose DingTalk stream is down, a venue whose
// market calls keep failing. Its state key is then `condition:subject`, so each subject starts,
// reminds and recovers on its own.
import { alertKeys, type NewAlert } from './types.js';

export type SystemCondition = 'source_db' | 'cycle_failing' | 'push_failing' | 'stream_disconnected' | 'exchange_failing';
/** Conditions without a subject, observed by whichever instance runs the cycle. */
export const GLOBAL_CONDITIONS: readonly SystemCondition[] = ['source_db', 'cycle_failing'];

export interface ConditionState {
  /** The state key: the condition, or `condition:subject`. */
  condition: string;
  /** When the current trouble started; null while healthy. */
  since: Date | null;
  lastNotifiedAt: Date | null;
  repeats: number;
}

export interface Observation {
  failing: boolean;
  detail?: string;
  /** When the trouble really began, if known earlier than this observation (a stream dropped at). */
  startedAt?: Date;
  /** Conversations this alert must not go to (the conversation whose pushes are failing). */
  notFor?: readonly string[];
}

export const conditionKey = (condition: SystemCondition, subject?: string) => (subject ? `${condition}:${subject}` : condition);

export function parseConditionKey(key: string): { condition: SystemCondition; subject: string | null } {
  const colon = key.indexOf(':');
  return colon < 0 ? { condition: key as SystemCondition, subject: null } : { condition: key.slice(0, colon) as SystemCondition, subject: key.slice(colon + 1) };
}

export function healthyState(condition: string): ConditionState {
  return { condition, since: null, lastNotifiedAt: null, repeats: 0 };
}

export function observeCondition(state: ConditionState, observation: Observation, now: Date, repeatMs: number): { state: ConditionState; alert: NewAlert | null } {
  const { condition, subject } = parseConditionKey(state.condition);
  const base = { type: 'system' as const, occurredAt: now, weight: 0, ...(observation.notFor?.length ? { notFor: [...observation.notFor] } : {}) };
  const about = { condition, ...(subject ? { subject } : {}) };
  if (observation.failing) {
    if (state.since === null) {
      const since = observation.startedAt && observation.startedAt < now ? observation.startedAt : now;
      const next = { condition: state.condition, since, lastNotifiedAt: now, repeats: 0 };
      return {
        state: next,
        alert: {
          ...base,
          key: alertKeys.system(state.condition, 'down', since),
          rule: 'system_down',
          severity: 'critical',
          details: { ...about, detail: observation.detail ?? '', since: since.toISOString() },
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
        details: { ...about, detail: observation.detail ?? '', since: state.since.toISOString(), repeat: repeats },
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
      details: { ...about, since: state.since.toISOString(), durationSeconds: Math.round((now.getTime() - state.since.getTime()) / 1000) },
    },
  };
}
