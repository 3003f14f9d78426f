// Append-only audit log of admin actions: who, where, what, before, after, when.
import type pg from 'pg';

export interface AuditEntry {
  actorStaffId: string;
  actorNick?: string;
  conversationId?: string;
  action: string;
  subject?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow extends AuditEntry {
  id: number;
  at: Date;
}

type Queryable = Pick<pg.Pool, 'query'>;

export interface AuditRepository {
  record(entry: AuditEntry, db?: Queryable): Promise<void>;
  /** Newest first; `subjectPrefix` matches the subject (`setting:alerts.cron`), its part after the kind (`alerts.`) or the action (`role.`). */
  recent(limit: number, subjectPrefix?: string): Promise<AuditRow[]>;
}

export function createAuditRepository(pool: pg.Pool): AuditRepository {
  return {
    async record(entry, db = pool) {
      await db.query(
        `INSERT INTO otc_bot.audit_log (actor_staff_id, actor_nick, conversation_id, action, subject, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          entry.actorStaffId,
          entry.actorNick ?? null,
          entry.conversationId ?? null,
          entry.action,
          entry.subject ?? null,
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
        ],
      );
    },
    async recent(limit, subjectPrefix) {
      const { rows } = await pool.query(
        `SELECT id, at, actor_staff_id, actor_nick, conversation_id, action, subject, before, after
           FROM otc_bot.audit_log
          WHERE $2::text IS NULL OR starts_with(subject, $2) OR starts_with(split_part(subject, ':', 2), $2) OR starts_with(action, $2)
          ORDER BY id DESC LIMIT $1`,
        [limit, subjectPrefix ?? null],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        at: row.at,
        actorStaffId: row.actor_staff_id,
        actorNick: row.actor_nick ?? undefined,
        conversationId: row.conversation_id ?? undefined,
        action: row.action,
        subject: row.subject ?? undefined,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
      }));
    },
  };
}
