// Per-user preferences (reply language).
import type pg from 'pg';
import type { Locale } from '../../config.js';

export interface PreferencesRepository {
  localeOf(staffId: string): Promise<Locale | null>;
  setLocale(staffId: string, locale: Locale): Promise<void>;
}

export function createPreferencesRepository(pool: pg.Pool): PreferencesRepository {
  return {
    async localeOf(staffId) {
      const { rows } = await pool.query<{ locale: Locale | null }>(
        'SELECT locale FROM otc_bot.user_preferences WHERE staff_id = $1',
        [staffId],
      );
      return rows[0]?.locale ?? null;
    },
    async setLocale(staffId, locale) {
      await pool.query(
        `INSERT INTO otc_bot.user_preferences (staff_id, locale) VALUES ($1, $2)
         ON CONFLICT (staff_id) DO UPDATE SET locale = EXCLUDED.locale, updated_at = now()`,
        [staffId, locale],
      );
    },
  };
}
