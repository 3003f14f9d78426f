// Subscriptions, silences and the outbox (otc_bot.alert_*). Writing an alert fans it out to the
// conversations subscribed to its type at that moment, in the same statement, so an alert can never
// exist without its delivery rows.
import type pg from 'pg';
import type { SilenceMatcher } from '../../domain/alerts/silences.js';
import type { AlertRule, AlertType, NewAlert, Severity } from '../../domain/alerts/types.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface StoredSilence {
  id: number;
  matcher: SilenceMatcher;
  reason: string;
  createdBy: string;
  createdNick: string | null;
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
}

export interface StoredAlert {
  id: number;
  key: string;
  type: AlertType;
  rule: AlertRule;
  severity: Severity;
  weight: number;
  coin: string | null;
  clientId: string | null;
  lockId: string | null;
  occurredAt: Date;
  createdAt: Date;
  details: Record<string, unknown>;
  silenceId: number | null;
}

export const ALERT_COLUMNS = `o.id, o.alert_key, o.alert_type, o.rule, o.severity, o.weight, o.coin, o.client_id, o.lock_id,
  o.occurred_at, o.created_at, o.details, o.silence_id`;

export function storedAlert(row: Record<string, unknown>): StoredAlert {
  return {
    id: Number(row.id),
    key: row.alert_key as string,
    type: row.alert_type as AlertType,
    rule: row.rule as AlertRule,
    severity: row.severity as Severity,
    weight: Number(row.weight),
    coin: (row.coin as string) ?? null,
    clientId: (row.client_id as string) ?? null,
    lockId: (row.lock_id as string) ?? null,
    occurredAt: row.occurred_at as Date,
    createdAt: row.created_at as Date,
    details: row.details as Record<string, unknown>,
    silenceId: row.silence_id === null ? null : Number(row.silence_id),
  };
}

function storedSilence(row: Record<string, unknown>): StoredSilence {
  return {
    id: Number(row.id),
    matcher: { kind: row.matcher_kind, value: row.matcher_value } as SilenceMatcher,
    reason: row.reason as string,
    createdBy: row.created_by as string,
    createdNick: (row.created_nick as string) ?? null,
    startsAt: row.starts_at as Date,
    endsAt: row.ends_at as Date,
    cancelledAt: (row.cancelled_at as Date) ?? null,
  };
}

export function createAlertRepository(pool: Queryable) {
  return {
    async subscriptions(conversationId: string, db: Queryable = pool): Promise<AlertType[]> {
      const { rows } = await db.query('SELECT alert_type FROM otc_bot.alert_subscriptions WHERE conversation_id = $1 ORDER BY alert_type', [conversationId]);
      return rows.map((row) => row.alert_type as AlertType);
    },
    async subscribe(conversationId: string, types: readonly AlertType[], by: string, db: Queryable = pool): Promise<void> {
      await db.query(
        `INSERT INTO otc_bot.alert_subscriptions (conversation_id, alert_type, subscribed_by)
         SELECT $1, t, $3 FROM unnest($2::text[]) AS t ON CONFLICT DO NOTHING`,
        [conversationId, types, by],
      );
    },
    async unsubscribe(conversationId: string, types: readonly AlertType[], db: Queryable = pool): Promise<void> {
      await db.query('DELETE FROM otc_bot.alert_subscriptions WHERE conversation_id = $1 AND alert_type = ANY($2::text[])', [conversationId, types]);
    },
    async subscriberCounts(): Promise<Map<AlertType, number>> {
      const { rows } = await pool.query('SELECT alert_type, count(*) AS n FROM otc_bot.alert_subscriptions GROUP BY alert_type');
      return new Map(rows.map((row) => [row.alert_type as AlertType, Number(row.n)]));
    },

    async addSilence(silence: Omit<StoredSilence, 'id' | 'cancelledAt'>, db: Queryable = pool): Promise<StoredSilence> {
      const { rows } = await db.query(
        `INSERT INTO otc_bot.alert_silences (matcher_kind, matcher_value, reason, created_by, created_nick, starts_at, ends_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [silence.matcher.kind, silence.matcher.value, silence.reason, silence.createdBy, silence.createdNick, silence.startsAt, silence.endsAt],
      );
      return storedSilence(rows[0]);
    },
    async silence(id: number, db: Queryable = pool): Promise<StoredSilence | null> {
      const { rows } = await db.query('SELECT * FROM otc_bot.alert_silences WHERE id = $1', [id]);
      return rows[0] ? storedSilence(rows[0]) : null;
    },
    async cancelSilence(id: number, by: string, at: Date, db: Queryable = pool): Promise<void> {
      await db.query('UPDATE otc_bot.alert_silences SET cancelled_by = $2, cancelled_at = $3 WHERE id = $1 AND cancelled_at IS NULL', [id, by, at]);
    },
    /** Silences in force at `at`, oldest first. */
    async activeSilences(at: Date): Promise<StoredSilence[]> {
      const { rows } = await pool.query('SELECT * FROM otc_bot.alert_silences WHERE cancelled_at IS NULL AND starts_at <= $1 AND ends_at > $1 ORDER BY id', [at]);
      return rows.map(storedSilence);
    },

    /**
     * Writes new alerts once per key; each new one gets a delivery row per subscribed conversation
     * (muted when a silence covered it), except the conversations in its `notFor`. Returns the keys
     * actually inserted.
     */
    async record(alerts: readonly (NewAlert & { silenceId: number | null })[], createdAt: Date, db: Queryable = pool): Promise<string[]> {
      if (alerts.length === 0) return [];
      const input = alerts.map((a) => ({
        alert_key: a.key,
        alert_type: a.type,
        rule: a.rule,
        severity: a.severity,
        weight: Number.isFinite(a.weight) ? a.weight : 0,
        coin: a.coin ?? null,
        client_id: a.clientId ?? null,
        lock_id: a.lockId ?? null,
        occurred_at: a.occurredAt.toISOString(),
        details: a.details,
        silence_id: a.silenceId,
        not_for: a.notFor?.length ? a.notFor : null,
      }));
      const { rows } = await db.query(
        `WITH input AS (
           SELECT DISTINCT ON (alert_key) * FROM jsonb_to_recordset($1::jsonb) AS x(alert_key text, alert_type text, rule text, severity text, weight float8,
             coin text, client_id text, lock_id text, occurred_at timestamptz, details jsonb, silence_id bigint, not_for jsonb)
         ), inserted AS (
           INSERT INTO otc_bot.alert_outbox (alert_key, alert_type, rule, severity, weight, coin, client_id, lock_id, occurred_at, created_at, details, silence_id)
           SELECT alert_key, alert_type, rule, severity, weight, coin, client_id, lock_id, occurred_at, $2, details, silence_id FROM input
           ON CONFLICT (alert_key) DO NOTHING
           RETURNING id, alert_key, alert_type, silence_id
         ), fanned AS (
           INSERT INTO otc_bot.alert_deliveries (alert_id, conversation_id, status)
           SELECT i.id, s.conversation_id, CASE WHEN i.silence_id IS NULL THEN 'pending' ELSE 'muted' END
             FROM inserted i JOIN input x ON x.alert_key = i.alert_key JOIN otc_bot.alert_subscriptions s ON s.alert_type = i.alert_type
            WHERE x.not_for IS NULL OR NOT x.not_for @> to_jsonb(s.conversation_id)
         )
         SELECT alert_key FROM inserted`,
        [JSON.stringify(input), createdAt],
      );
      return rows.map((row) => row.alert_key as string);
    },

    /**
     * Latest alerts with how many conversations got them, were muted for, or still wait. With
     * `conversationId`, only the alerts meant for that conversation (those it got, waits for, or had
     * muted): the latest N of them are the ones its last digest of N alerts carried.
     */
    async history(limit: number, conversationId: string | null = null): Promise<(StoredAlert & { sent: number; muted: number; waiting: number })[]> {
      const { rows } = await pool.query(
        `SELECT ${ALERT_COLUMNS},
                count(d.*) FILTER (WHERE d.status = 'sent') AS sent,
                count(d.*) FILTER (WHERE d.status = 'muted') AS muted,
                count(d.*) FILTER (WHERE d.status IN ('pending', 'batched')) AS waiting
           FROM otc_bot.alert_outbox o LEFT JOIN otc_bot.alert_deliveries d ON d.alert_id = o.id
          WHERE $2::text IS NULL
             OR o.id IN (SELECT h.alert_id FROM otc_bot.alert_deliveries h WHERE h.conversation_id = $2 ORDER BY h.alert_id DESC LIMIT $1)
          GROUP BY o.id ORDER BY o.id DESC LIMIT $1`,
        [limit, conversationId],
      );
      return rows.map((row) => ({ ...storedAlert(row), sent: Number(row.sent), muted: Number(row.muted), waiting: Number(row.waiting) }));
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
