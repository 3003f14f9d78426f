// Pending confirmations (migration 060): one row per dangerous action awaiting /confirm CODE.
import type pg from 'pg';

export type ConfirmationState = 'pending' | 'confirmed' | 'cancelled' | 'expired' | 'failed';

export interface PendingConfirmationRow {
  id: number;
  code: string;
  action: string;
  payload: unknown;
  staffId: string;
  conversationId: string;
  createdAt: Date;
  expiresAt: Date;
  state: ConfirmationState;
}

export interface ConfirmationRepository {
  /** False when the code is already pending for another action (the caller draws another). */
  create(row: Omit<PendingConfirmationRow, 'id' | 'state'>): Promise<boolean>;
  /** The latest row with this code, whatever its state. */
  find(code: string): Promise<PendingConfirmationRow | undefined>;
  /** Moves a row from one state to another; false when it was not in `from` (someone else decided). */
  decide(id: number, from: ConfirmationState, to: ConfirmationState, at: Date): Promise<boolean>;
  /** Marks rows past their expiry as expired (freeing their codes) and forgets rows created before `before`. */
  purge(now: Date, before: Date): Promise<void>;
}

export function createConfirmationRepository(pool: pg.Pool): ConfirmationRepository {
  return {
    async create(row) {
      const { rowCount } = await pool.query(
        `INSERT INTO otc_bot.pending_confirmations (code, action, payload, staff_id, conversation_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) WHERE state = 'pending' DO NOTHING`,
        [row.code, row.action, JSON.stringify(row.payload), row.staffId, row.conversationId, row.createdAt, row.expiresAt],
      );
      return rowCount === 1;
    },
    async find(code) {
      const { rows } = await pool.query(
        `SELECT id, code, action, payload, staff_id, conversation_id, created_at, expires_at, state
           FROM otc_bot.pending_confirmations WHERE code = $1 ORDER BY id DESC LIMIT 1`,
        [code],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: Number(row.id),
        code: row.code,
        action: row.action,
        payload: row.payload,
        staffId: row.staff_id,
        conversationId: row.conversation_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        state: row.state,
      };
    },
    async decide(id, from, to, at) {
      const { rowCount } = await pool.query(
        'UPDATE otc_bot.pending_confirmations SET state = $3, decided_at = $4 WHERE id = $1 AND state = $2',
        [id, from, to, at],
      );
      return rowCount === 1;
    },
    async purge(now, before) {
      await pool.query(`UPDATE otc_bot.pending_confirmations SET state = 'expired', decided_at = $1 WHERE state = 'pending' AND expires_at < $1`, [now]);
      await pool.query('DELETE FROM otc_bot.pending_confirmations WHERE created_at < $1', [before]);
    },
  };
}
