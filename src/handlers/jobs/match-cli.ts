// `otc-bot seed-demo` and `otc-bot match`: thin wrappers over the same functions the bot uses.
import { parseArgs } from 'node:util';
import { createDemoSourceTables } from '../../adapters/db/migrate.js';
import { matchingAccuracy, seedDemoData } from '../../adapters/db/match-demo-repository.js';
import { createLogger } from '../../adapters/logger.js';
import { loadConfig } from '../../config.js';
import { parseDuration } from '../../domain/duration.js';
import { startBot } from '../../main.js';
import { syncMatches } from './match-sync.js';

const HOUR_MS = 3_600_000;

async function withBot<T>(work: (app: Awaited<ReturnType<typeof startBot>>) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), consoleEnabled: false };
  const app = await startBot(config, { listen: false, jobs: false, seedDemo: false, logger: createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr) });
  try {
    return await work(app);
  } finally {
    await app.stop();
  }
}

export async function seedDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { locks: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' }, days: { type: 'string', default: '90' }, force: { type: 'boolean', default: false } },
  });
  const locks = Number(values.locks);
  const seed = Number(values.seed);
  const days = Number(values.days);
  if (!Number.isInteger(locks) || locks < 1 || !Number.isInteger(seed) || !(days > 0)) {
    process.stderr.write('usage: otc-bot seed-demo [--locks N>=1] [--seed S (integer)] [--days D>0] [--force]\n');
    return 2;
  }
  return withBot(async ({ services }) => {
    await createDemoSourceTables(services.sourceDb);
    const endMs = Math.floor(services.clock.now().getTime() / HOUR_MS) * HOUR_MS;
    const summary = await seedDemoData(services.sourceDb, services.db, { locks, seed, days, endMs, force: values.force });
    process.stdout.write(`seeded ${summary.locks} locks and ${summary.hedges} hedges from ${summary.from.toISOString()} to ${summary.to.toISOString()} (seed ${seed})\n`);
    const result = await syncMatches(services, { full: true });
    const accuracy = await matchingAccuracy(services.db);
    process.stdout.write(
      `matched in ${Math.round(result.durationMs)} ms: ${accuracy.predicted} pairs; precision ${(accuracy.precision * 100).toFixed(2)} %, recall ${(accuracy.recall * 100).toFixed(2)} % against the demo truth\n`,
    );
    return 0;
  });
}

export async function matchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { since: { type: 'string' }, format: { type: 'string', default: 'csv' } } });
  if (values.format !== 'csv' && values.format !== 'json') {
    process.stderr.write('usage: otc-bot match [--since 2026-11-01|7d] [--format csv|json]\n');
    return 2;
  }
  return withBot(async ({ services }) => {
    let since: Date | null = null;
    if (values.since) {
      const ago = parseDuration(values.since);
      since = ago !== null ? new Date(services.clock.now().getTime() - ago) : new Date(values.since);
      if (Number.isNaN(since.getTime())) {
        process.stderr.write(`--since: expected a date (2026-11-01, 2026-11-01T08:00:00+08:00) or a duration (7d), got "${values.since}"\n`);
        return 2;
      }
    }
    const result = await syncMatches(services);
    process.stderr.write(`match sync: ${result.mode}, ${result.newLocks} new locks, ${result.newHedges} new hedges\n`);
    const csv = values.format === 'csv';
    const write = (text: string) => new Promise<void>((done) => (process.stdout.write(text) ? done() : process.stdout.once('drain', () => done())));
    await write(csv ? 'lock_id,hedge_id\n' : '[');
    let first = true;
    let after = '';
    // Keyset pages keep memory flat over millions of rows; unmatched hedges follow with an empty lock id.
    for (const table of ['matches', 'unmatched_hedges'] as const) {
      after = '';
      for (;;) {
        const { rows } = await services.db.query<{ lock_id: string | null; hedge_id: string | null; k: string }>(
          table === 'matches'
            ? `SELECT lock_id, hedge_id, lock_id AS k FROM otc_bot.matches WHERE lock_id > $1 AND ($2::timestamptz IS NULL OR locked_at >= $2) ORDER BY lock_id LIMIT 20000`
            : `SELECT NULL AS lock_id, hedge_id, hedge_id AS k FROM otc_bot.unmatched_hedges WHERE hedge_id > $1 AND ($2::timestamptz IS NULL OR hedge_created_at >= $2) ORDER BY hedge_id LIMIT 20000`,
          [after, since],
        );
        if (rows.length === 0) break;
        after = rows[rows.length - 1].k;
        const lines = rows.map((row) => {
          if (csv) return `${csvField(row.lock_id ?? '')},${csvField(row.hedge_id ?? '')}\n`;
          const line = `${first ? '' : ','}\n${JSON.stringify({ lock_id: row.lock_id, hedge_id: row.hedge_id })}`;
          first = false;
          return line;
        });
        await write(lines.join(''));
      }
    }
    if (!csv) await write('\n]\n');
    return 0;
  });
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
