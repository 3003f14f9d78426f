// Role grants to a staff id or to a whole conversation ("here"). Admins from ADMIN_STAFF_IDS
// (and the console's local user) are admins from the start without a row.
import type pg from 'pg';
import { highestRole, type Role } from '../../domain/roles.js';

export type Subject = { kind: 'user' | 'conversation'; id: string; displayName?: string };

export interface RoleGrant {
  subject: Subject;
  role: Role;
  grantedBy: string;
  grantedAt: Date;
}

export interface RoleRepository {
  effectiveRole(staffId: string, conversationId: string): Promise<Role | null>;
  grantOf(subject: Subject): Promise<Role | null>;
  /** Sets the subject's role; returns the role it had before. */
  grant(subject: Subject, role: Role, grantedBy: string, db?: Pick<pg.Pool, 'query'>): Promise<Role | null>;
  /** Removes the subject's grant; returns the role it had. */
  revoke(subject: Subject, db?: Pick<pg.Pool, 'query'>): Promise<Role | null>;
  list(): Promise<RoleGrant[]>;
  bootstrapAdmins(): readonly string[];
  /** Names to show a user who needs access: granted admins first, then configured ones. */
  adminNames(limit: number): Promise<string[]>;
  countAdmins(): Promise<number>;
}

export function createRoleRepository(pool: pg.Pool, bootstrapAdmins: readonly string[]): RoleRepository {
  const configured = new Set(bootstrapAdmins);

  async function grantOf(subject: Subject, db: Pick<pg.Pool, 'query'> = pool): Promise<Role | null> {
    const { rows } = await db.query<{ role: Role }>(
      'SELECT role FROM otc_bot.role_grants WHERE subject_kind = $1 AND subject_id = $2',
      [subject.kind, subject.id],
    );
    return rows[0]?.role ?? null;
  }

  return {
    async effectiveRole(staffId, conversationId) {
      const { rows } = await pool.query<{ role: Role }>(
        `SELECT role FROM otc_bot.role_grants
          WHERE (subject_kind = 'user' AND subject_id = $1) OR (subject_kind = 'conversation' AND subject_id = $2)`,
        [staffId, conversationId],
      );
      return highestRole([configured.has(staffId) ? 'admin' : null, ...rows.map((row) => row.role)]);
    },
    grantOf: (subject) => grantOf(subject),
    async grant(subject, role, grantedBy, db = pool) {
      const before = await grantOf(subject, db);
      await db.query(
        `INSERT INTO otc_bot.role_grants (subject_kind, subject_id, role, display_name, granted_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject_kind, subject_id)
         DO UPDATE SET role = EXCLUDED.role, display_name = COALESCE(EXCLUDED.display_name, otc_bot.role_grants.display_name),
                       granted_by = EXCLUDED.granted_by, granted_at = now()`,
        [subject.kind, subject.id, role, subject.displayName ?? null, grantedBy],
      );
      return before;
    },
    async revoke(subject, db = pool) {
      const { rows } = await db.query<{ role: Role }>(
        'DELETE FROM otc_bot.role_grants WHERE subject_kind = $1 AND subject_id = $2 RETURNING role',
        [subject.kind, subject.id],
      );
      return rows[0]?.role ?? null;
    },
    async list() {
      const { rows } = await pool.query(
        `SELECT subject_kind, subject_id, display_name, role, granted_by, granted_at
           FROM otc_bot.role_grants ORDER BY array_position(ARRAY['admin','risk','trader'], role), granted_at`,
      );
      return rows.map((row) => ({
        subject: { kind: row.subject_kind, id: row.subject_id, displayName: row.display_name ?? undefined },
        role: row.role,
        grantedBy: row.granted_by,
        grantedAt: row.granted_at,
      }));
    },
    bootstrapAdmins: () => [...configured],
    async adminNames(limit) {
      const { rows } = await pool.query<{ name: string }>(
        `SELECT COALESCE(display_name, subject_id) AS name FROM otc_bot.role_grants
          WHERE role = 'admin' AND subject_kind = 'user' ORDER BY granted_at LIMIT $1`,
        [limit],
      );
      const names = rows.map((row) => row.name);
      for (const id of configured) if (names.length < limit && !names.includes(id)) names.push(id);
      return names;
    },
    async countAdmins() {
      const { rows } = await pool.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM otc_bot.role_grants WHERE role = 'admin' AND subject_kind = 'user'`,
      );
      return rows[0].count + configured.size;
    },
  };
}
