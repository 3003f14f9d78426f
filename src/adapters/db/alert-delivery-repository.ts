// Delivery of outbox alerts to conversations as digest batches. The discipline that makes a push
// "at least once, never twice after success":
//   1. formBatch (one transaction): pending rows of a conversation, claimed FOR UPDATE SKIP LOCKED,
//      become one batch with a fixed key. Committed before anything is sent.
//   2. sendBatch: the batch row is locked (FOR UPDATE SKIP LOCKED, so two instances never send it
//      at once) for the duration of the push; success marks batch and rows sent in that same
//      transaction. A crash before the commit leaves the batch unsent: it is sent again later, with
//      the same idempotency key and the same alerts. A recorded success is never selected again.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ALERT_COLUMNS, type StoredAlert, storedAlert } from './alert-repository.js';
import { withTransaction } from './pool.js';

export interface Batch {
  id: number;
  key: string;
  conversationId: string;
  attempts: number;
  alerts: StoredAlert[];
}

export function createAlertDeliveryRepository(pool: pg.Pool) {
  async function alertsOf(batchId: number, db: Pick<pg.Pool, 'query'>): Promise<StoredAlert[]> {
    const { rows } = await db.query(
      `SELECT ${ALERT_COLUMNS} FROM otc_bot.alert_deliveries d JOIN otc_bot.alert_outbox o ON o.id = d.alert_id
        WHERE d.batch_id = $1 ORDER BY o.id`,
      [batchId],
    );
    return rows.map(storedAlert);
  }

  return {
    /**
     * Conversations with something to send (pending rows or unsent batches due by `now`), the one
     * waiting longest first: a delivery cut short (crash, slow platform) must not starve the same
     * conversations at the end of the list every time.
     */
    async conversationsWithWork(now: Date): Promise<string[]> {
      const { rows } = await pool.query(
        `SELECT conversation_id, min(alert_id) AS oldest FROM (
           SELECT conversation_id, alert_id FROM otc_bot.alert_deliveries WHERE status = 'pending'
           UNION ALL
           SELECT b.conversation_id, d.alert_id FROM otc_bot.alert_batches b JOIN otc_bot.alert_deliveries d ON d.batch_id = b.id
            WHERE b.sent_at IS NULL AND b.next_attempt_at <= $1
         ) work GROUP BY conversation_id ORDER BY oldest, conversation_id`,
        [now],
      );
      return rows.map((row) => row.conversation_id as string);
    },

    /** Unsent batches of a conversation that are due, oldest first (retries keep their key). */
    async dueBatches(conversationId: string, now: Date): Promise<Batch[]> {
      const { rows } = await pool.query(
        `SELECT id, batch_key, attempts FROM otc_bot.alert_batches
          WHERE conversation_id = $1 AND sent_at IS NULL AND next_attempt_at <= $2 ORDER BY id`,
        [conversationId, now],
      );
      return Promise.all(
        rows.map(async (row) => ({ id: Number(row.id), key: row.batch_key, conversationId, attempts: row.attempts, alerts: await alertsOf(Number(row.id), pool) })),
      );
    },

    async hasUnsentBatch(conversationId: string): Promise<boolean> {
      const { rows } = await pool.query('SELECT 1 FROM otc_bot.alert_batches WHERE conversation_id = $1 AND sent_at IS NULL LIMIT 1', [conversationId]);
      return rows.length > 0;
    },

    /** Step 1: the conversation's pending alerts become one batch (null when there are none). */
    async formBatch(conversationId: string, now: Date): Promise<Batch | null> {
      return withTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `SELECT alert_id FROM otc_bot.alert_deliveries WHERE conversation_id = $1 AND status = 'pending'
            ORDER BY alert_id FOR UPDATE SKIP LOCKED`,
          [conversationId],
        );
        if (rows.length === 0) return null;
        const key = `alerts-${randomUUID()}`;
        const batch = await client.query('INSERT INTO otc_bot.alert_batches (batch_key, conversation_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $3) RETURNING id', [
          key,
          conversationId,
          now,
        ]);
        const id = Number(batch.rows[0].id);
        await client.query(
          `UPDATE otc_bot.alert_deliveries SET status = 'batched', batch_id = $1 WHERE conversation_id = $2 AND alert_id = ANY($3::bigint[])`,
          [id, conversationId, rows.map((row) => row.alert_id)],
        );
        return { id, key, conversationId, attempts: 0, alerts: await alertsOf(id, client) };
      });
    },

    /**
     * Step 2: runs `send` while holding the batch row; records success or the failure. Returns
     * 'skipped' when another instance holds it or it was sent meanwhile. With `lockWhileSending`
     * false (embedded PGlite: one process, one connection that the sender itself may need) the row is
     * only checked, and the cycle's in-process guard keeps a second sender away.
     */
    async sendBatch(
      batch: Batch,
      now: Date,
      send: () => Promise<void>,
      retryDelayMs: (attempts: number) => number,
      options: { lockWhileSending: boolean } = { lockWhileSending: true },
    ): Promise<'sent' | 'failed' | 'skipped'> {
      const client = await pool.connect();
      let held: pg.PoolClient | null = client;
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT id FROM otc_bot.alert_batches WHERE id = $1 AND sent_at IS NULL FOR UPDATE SKIP LOCKED', [batch.id]);
        if (rows.length === 0) {
          await client.query('ROLLBACK');
          return 'skipped';
        }
        if (!options.lockWhileSending) {
          await client.query('COMMIT');
          client.release();
          held = null;
        }
        let failure: unknown = null;
        await send().catch((error: unknown) => {
          failure = error;
        });
        const recorder: pg.PoolClient = held ?? (await pool.connect());
        held = recorder;
        if (recorder !== client) await recorder.query('BEGIN');
        if (failure) {
          const attempts = batch.attempts + 1;
          await recorder.query('UPDATE otc_bot.alert_batches SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1', [
            batch.id,
            attempts,
            String((failure as Error).message ?? failure).slice(0, 500),
            new Date(now.getTime() + retryDelayMs(attempts)),
          ]);
        } else {
          await recorder.query('UPDATE otc_bot.alert_batches SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1', [batch.id, now]);
          await recorder.query(`UPDATE otc_bot.alert_deliveries SET status = 'sent', sent_at = $2 WHERE batch_id = $1`, [batch.id, now]);
        }
        await recorder.query('COMMIT');
        return failure ? 'failed' : 'sent';
      } catch (error) {
        await held?.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        held?.release();
      }
    },

    /** Alerts some conversation still waits for (not yet in a batch). */
    async pendingAlerts(): Promise<StoredAlert[]> {
      const { rows } = await pool.query(
        `SELECT ${ALERT_COLUMNS} FROM otc_bot.alert_outbox o
          WHERE EXISTS (SELECT 1 FROM otc_bot.alert_deliveries d WHERE d.alert_id = o.id AND d.status = 'pending') ORDER BY o.id`,
      );
      return rows.map(storedAlert);
    },

    /** A silence set after an alert was written still holds its unsent copies back. */
    async mutePending(alertId: number, silenceId: number): Promise<void> {
      await withTransaction(pool, async (client) => {
        await client.query(`UPDATE otc_bot.alert_deliveries SET status = 'muted' WHERE alert_id = $1 AND status = 'pending'`, [alertId]);
        await client.query('UPDATE otc_bot.alert_outbox SET silence_id = $2 WHERE id = $1 AND silence_id IS NULL', [alertId, silenceId]);
      });
    },

    /** Batches that failed at least `attempts` times and are still unsent (the push_failing condition). */
    async failingBatches(attempts: number): Promise<{ conversationId: string; lastError: string | null }[]> {
      const { rows } = await pool.query(
        'SELECT conversation_id, last_error FROM otc_bot.alert_batches WHERE sent_at IS NULL AND attempts >= $1 ORDER BY id',
        [attempts],
      );
      return rows.map((row) => ({ conversationId: row.conversation_id, lastError: row.last_error }));
    },
  };
}

export type AlertDeliveryRepository = ReturnType<typeof createAlertDeliveryRepository>;
