// Runtime settings stored in otc_bot.settings over the registry's defaults.
// Read with snapshot() once per use (a cycle, a command) so one run sees one consistent set.
import type pg from 'pg';
import { isValidStoredValue } from '../../domain/setting-values.js';
import {
  crossCheck,
  SETTINGS,
  type SettingDefaults,
  SettingValidationError,
  type SettingValue,
  settingDefinition,
} from '../../domain/settings.js';
import type { AuditRepository, AuditRow } from './audit-repository.js';
import { withTransaction } from './pool.js';

export interface SettingEntry {
  key: string;
  value: SettingValue;
  defaultValue: SettingValue;
  source: 'default' | 'database';
  updatedBy?: string;
  updatedAt?: Date;
}

export interface SettingsSnapshot {
  entries: ReadonlyMap<string, SettingEntry>;
  number(key: string): number;
  string(key: string): string;
  list(key: string): string[];
}

export interface SettingsActor {
  staffId: string;
  nick?: string;
  conversationId?: string;
}

export type SettingChange = { key: string; before: SettingValue; after: SettingValue };

/** Tells other parts (and other instances) that settings changed; see settings-notifier.ts. */
export interface SettingsPublisher {
  /** Runs inside the writing transaction (NOTIFY is delivered only if it commits). */
  inTransaction(db: Pick<pg.PoolClient, 'query'>, keys: string[]): Promise<void>;
  /** Runs after the commit, in this instance. */
  committed(keys: string[]): void;
}

export interface SettingsRepository {
  snapshot(): Promise<SettingsSnapshot>;
  /**
   * Applies several changes at once (null resets to the default), all or nothing: the combined
   * result is cross-checked first. Writes one audit row per changed key. Returns the problems
   * (nothing applied) or the before/after of each key. With `expected`, a key whose current value
   * differs (someone changed it since the admin saw the diff) is a problem too.
   */
  apply(
    changes: ReadonlyMap<string, SettingValue | null>,
    actor: SettingsActor,
    options?: { expected?: ReadonlyMap<string, SettingValue> },
  ): Promise<{ ok: false; problems: SettingValidationError[] } | { ok: true; changed: SettingChange[] }>;
  /** Audit rows of one key, newest first. */
  history(key: string, limit: number): Promise<AuditRow[]>;
}

export function createSettingsRepository(
  pool: pg.Pool,
  defaults: SettingDefaults,
  audit: AuditRepository,
  publisher?: SettingsPublisher,
): SettingsRepository {
  async function load(db: Pick<pg.Pool, 'query'>): Promise<SettingsSnapshot> {
    const { rows } = await db.query<{ key: string; value: SettingValue; updated_by: string; updated_at: Date }>(
      'SELECT key, value, updated_by, updated_at FROM otc_bot.settings',
    );
    const stored = new Map(rows.map((row) => [row.key, row]));
    const entries = new Map<string, SettingEntry>();
    for (const definition of SETTINGS) {
      const defaultValue = definition.defaultValue(defaults);
      const found = stored.get(definition.key);
      // A stored value that no longer fits (range narrowed, row edited by hand) must not reach the rules.
      const row = found && isValidStoredValue(definition, found.value) ? found : undefined;
      entries.set(definition.key, {
        key: definition.key,
        value: row ? row.value : defaultValue,
        defaultValue,
        source: row ? 'database' : 'default',
        updatedBy: row?.updated_by,
        updatedAt: row?.updated_at,
      });
    }
    return snapshotOf(entries);
  }

  async function apply(...[changes, actor, options]: Parameters<SettingsRepository['apply']>) {
    const result = await withTransaction(pool, async (client) => {
      // Serialise writers so two admins' multi-key changes cannot interleave into an invalid mix.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('otc_bot.settings'))");
      const current = await load(client);
      const next = new Map([...current.entries].map(([key, entry]) => [key, entry.value]));
      const problems: SettingValidationError[] = [];
      for (const [key, value] of changes) {
        const entry = current.entries.get(key);
        if (!entry || !settingDefinition(key)) throw new Error(`unknown setting ${key}`);
        const expected = options?.expected?.get(key);
        if (expected !== undefined && !sameValue(expected, entry.value)) problems.push(new SettingValidationError(key, 'setting.error.changedMeanwhile'));
        next.set(key, value ?? entry.defaultValue);
      }
      problems.push(...crossCheck(next));
      if (problems.length > 0) return { ok: false as const, problems };
      const changed: SettingChange[] = [];
      for (const [key, value] of changes) {
        const before = current.entries.get(key)?.value as SettingValue;
        if (value === null) await client.query('DELETE FROM otc_bot.settings WHERE key = $1', [key]);
        else {
          await client.query(
            `INSERT INTO otc_bot.settings (key, value, updated_by) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
            [key, JSON.stringify(value), actor.staffId],
          );
        }
        const after = next.get(key) as SettingValue;
        await audit.record(
          { actorStaffId: actor.staffId, actorNick: actor.nick, conversationId: actor.conversationId, action: value === null ? 'setting.reset' : 'setting.set', subject: `setting:${key}`, before, after },
          client,
        );
        changed.push({ key, before, after });
      }
      await publisher?.inTransaction(client, changed.map((change) => change.key));
      return { ok: true as const, changed };
    });
    if (result.ok) publisher?.committed(result.changed.map((change) => change.key));
    return result;
  }

  return {
    snapshot: () => load(pool),
    apply,
    async history(key, limit) {
      const rows = await audit.recent(limit, `setting:${key}`);
      // recent() matches by prefix: alerts.cron must not list alerts.cron_something.
      return rows.filter((row) => row.subject === `setting:${key}`);
    },
  };
}

export function sameValue(a: SettingValue, b: SettingValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function snapshotOf(entries: Map<string, SettingEntry>): SettingsSnapshot {
  const value = (key: string) => {
    const entry = entries.get(key);
    if (!entry) throw new Error(`unknown setting ${key}`);
    return entry.value;
  };
  return {
    entries,
    number: (key) => value(key) as number,
    string: (key) => value(key) as string,
    list: (key) => value(key) as string[],
  };
}
