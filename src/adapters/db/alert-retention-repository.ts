// Retention of the alert tables: alerts older than the retention whose every copy is settled (sent,
// or muted, which is never sent) are deleted with their delivery rows; then sent batches and ended
// silences nothing refers to any more (and healthy per-subject system conditions). Anything still pending or in an unsent batch is never touched,
// whatever its age. Bounded per call so a first run over a large backlog does not stall the cycle.
import type pg from 'pg';
import { withTransaction } from './pool.js';

export interface PruneResult {
  alerts: number;
  deliveries: number;
  batches: number;
  silences: number;
}

export function createAlertRetentionRepository(pool: pg.Pool) {
  return {
    async prune(before: Date, limit = 5000): Promise<PruneResult> {
      return withTransaction(pool, async (client) => {
        // Locks the chosen outbox rows; a delivery row that is pending or batched keeps its alert.
        const { rows } = await client.query(
          `SELECT o.id FROM otc_bot.alert_outbox o
            WHERE o.created_at < $1
              AND NOT EXISTS (SELECT 1 FROM otc_bot.alert_deliveries d WHERE d.alert_id = o.id AND d.status NOT IN ('sent', 'muted'))
            ORDER BY o.created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [before, limit],
        );
        const ids = rows.map((row) => row.id);
        const deliveries = ids.length
          ? await client.query(`DELETE FROM otc_bot.alert_deliveries WHERE alert_id = ANY($1::bigint[]) AND status IN ('sent', 'muted')`, [ids])
          : { rowCount: 0 };
        // Only alerts left without any delivery row (the status check again, under the row locks).
        const alerts = ids.length
          ? await client.query(
              `DELETE FROM otc_bot.alert_outbox o WHERE o.id = ANY($1::bigint[])
                 AND NOT EXISTS (SELECT 1 FROM otc_bot.alert_deliveries d WHERE d.alert_id = o.id)`,
              [ids],
            )
          : { rowCount: 0 };
        const batches = await client.query(
          `DELETE FROM otc_bot.alert_batches b WHERE b.sent_at IS NOT NULL AND b.sent_at < $1
             AND NOT EXISTS (SELECT 1 FROM otc_bot.alert_deliveries d WHERE d.batch_id = b.id)`,
          [before],
        );
        const silences = await client.query(
          `DELETE FROM otc_bot.alert_silences s WHERE least(s.ends_at, coalesce(s.cancelled_at, s.ends_at)) < $1
             AND NOT EXISTS (SELECT 1 FROM otc_bot.alert_outbox o WHERE o.silence_id = s.id)`,
          [before],
        );
        // A healthy per-subject condition (a conversation's pushes, an instance's stream) says nothing.
        await client.query(`DELETE FROM otc_bot.alert_system_state WHERE since IS NULL AND position(':' in condition) > 0`);
        return { alerts: alerts.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0, batches: batches.rowCount ?? 0, silences: silences.rowCount ?? 0 };
      });
    },
  };
}
