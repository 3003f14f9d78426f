// One database path: pg pools, whether the server is real PostgreSQL or the embedded one.
import pg from 'pg';
import type { Logger } from '../logger.js';

// numeric stays a string (exact); repositories convert once at the edge. int8 (counts) fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createPool(url: string, options: { max?: number; applicationName?: string; logger?: Logger } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'otc-bot',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  // pg-pool attaches the whole client to this error; log only what a person needs.
  pool.on('error', (error: Error & { code?: string }) =>
    options.logger?.warn({ error: error.message, code: error.code }, 'idle database connection lost'),
  );
  return pool;
}

export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
