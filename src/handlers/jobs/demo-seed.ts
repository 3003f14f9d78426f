// First start on an empty embedded database: load demo OTC data once, so the console has
// something to show. Never runs against a configured DATABASE_URL (main.ts only calls it when embedded).
import type pg from 'pg';
import { seedDemoData } from '../../adapters/db/match-demo-repository.js';
import type { Logger } from '../../adapters/logger.js';
import type { Clock } from '../../domain/clock.js';

export const FIRST_START_DEMO = { locks: 20_000, days: 120, seed: 20_261_125 };

const HOUR_MS = 3_600_000;

export async function seedDemoOnFirstStart(db: pg.Pool, clock: Clock, logger: Logger): Promise<boolean> {
  const { rows } = await db.query<{ locks: number; truth: number; state: number }>(
    `SELECT (SELECT count(*) FROM otc_lock_orders) AS locks, (SELECT count(*) FROM otc_bot.demo_truth) AS truth,
            (SELECT count(*) FROM otc_bot.match_state) AS state`,
  );
  if (rows[0].locks > 0 || rows[0].truth > 0 || rows[0].state > 0) return false;
  const started = performance.now();
  const endMs = Math.floor(clock.now().getTime() / HOUR_MS) * HOUR_MS;
  const summary = await seedDemoData(db, db, { ...FIRST_START_DEMO, endMs });
  logger.info({ ...summary, ms: Math.round(performance.now() - started) }, 'demo OTC data loaded (first start, embedded database)');
  return true;
}
