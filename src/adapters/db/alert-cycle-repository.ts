// The alert cycle's own state: first-start origin, the matched-orders watermark, the last tick run,
// last outcome, and the system-health conditions. One row; every instance reads and writes it.
import type pg from 'pg';
import type { ConditionState } from '../../domain/alerts/system-health.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface CycleState {
  originAt: Date;
  matchesWatermark: Date | null;
  lastTick: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  lastOk: boolean | null;
  lastError: string | null;
  lastCounts: Record<string, number> | null;
  consecutiveFailures: number;
  /** Where the last failed cycle failed: detection (matching, rules) or delivery; null after a success. */
  lastFailurePhase: 'detect' | 'deliver' | null;
}

/** Arbitrary constant: "otc_bot alert cycle" (the migrations use 7_301_001). */
export const ALERT_CYCLE_LOCK_KEY = 7_301_006;

export function createAlertCycleRepository(pool: Queryable) {
  return {
    /** The state, created on first start with origin = now (old orders are history, not alerts). */
    async ensureState(now: Date): Promise<CycleState> {
      await pool.query('INSERT INTO otc_bot.alert_cycle_state (id, origin_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [now]);
      return (await this.state()) as CycleState;
    },
    async state(): Promise<CycleState | null> {
      const { rows } = await pool.query('SELECT * FROM otc_bot.alert_cycle_state WHERE id = 1');
      const row = rows[0];
      if (!row) return null;
      return {
        originAt: row.origin_at,
        matchesWatermark: row.matches_watermark,
        lastTick: row.last_tick,
        lastStartedAt: row.last_started_at,
        lastFinishedAt: row.last_finished_at,
        lastDurationMs: row.last_duration_ms,
        lastOk: row.last_ok,
        lastError: row.last_error,
        lastCounts: row.last_counts,
        consecutiveFailures: row.consecutive_failures,
        lastFailurePhase: row.last_failure_phase ?? null,
      };
    },
    /** Claims a scheduled tick; false when some instance already ran it. */
    async claimTick(tick: Date): Promise<boolean> {
      const { rowCount } = await pool.query('UPDATE otc_bot.alert_cycle_state SET last_tick = $1 WHERE id = 1 AND (last_tick IS NULL OR last_tick < $1)', [tick]);
      return rowCount === 1;
    },
    async started(at: Date): Promise<void> {
      await pool.query('UPDATE otc_bot.alert_cycle_state SET last_started_at = $1 WHERE id = 1', [at]);
    },
    async saveWatermark(watermark: Date | null): Promise<void> {
      await pool.query('UPDATE otc_bot.alert_cycle_state SET matches_watermark = $1 WHERE id = 1', [watermark]);
    },
    async finished(outcome: {
      at: Date;
      durationMs: number;
      ok: boolean;
      error: string | null;
      counts: Record<string, number>;
      failurePhase?: 'detect' | 'deliver' | null;
    }): Promise<number> {
      const { rows } = await pool.query(
        `UPDATE otc_bot.alert_cycle_state SET last_finished_at = $1, last_duration_ms = $2, last_ok = $3, last_error = $4, last_counts = $5,
                consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END, last_failure_phase = $6
          WHERE id = 1 RETURNING consecutive_failures`,
        [outcome.at, Math.round(outcome.durationMs), outcome.ok, outcome.error, JSON.stringify(outcome.counts), outcome.ok ? null : (outcome.failurePhase ?? null)],
      );
      return rows[0]?.consecutive_failures ?? 0;
    },

    /** Condition states by key (`condition` or `condition:subject`). */
    async conditions(): Promise<Map<string, ConditionState>> {
      const { rows } = await pool.query('SELECT condition, since, last_notified_at, repeats FROM otc_bot.alert_system_state');
      return new Map(
        rows.map((row) => [row.condition as string, { condition: row.condition, since: row.since, lastNotifiedAt: row.last_notified_at, repeats: row.repeats }]),
      );
    },
    async saveCondition(state: ConditionState): Promise<void> {
      await pool.query(
        `INSERT INTO otc_bot.alert_system_state (condition, since, last_notified_at, repeats) VALUES ($1, $2, $3, $4)
         ON CONFLICT (condition) DO UPDATE SET since = EXCLUDED.since, last_notified_at = EXCLUDED.last_notified_at, repeats = EXCLUDED.repeats`,
        [state.condition, state.since, state.lastNotifiedAt, state.repeats],
      );
    },
  };
}

export type AlertCycleRepository = ReturnType<typeof createAlertCycleRepository>;
