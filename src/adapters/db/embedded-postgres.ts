// Embedded PostgreSQL: PGlite on disk under DATA_DIR, served over the wire protocol on a free
// loopback port, so the rest of the program talks to it with `pg` exactly as to a real server.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const directory = join(dataDir, 'pgdata');
  await mkdir(directory, { recursive: true });
  const db = await PGlite.create(directory);
  // PGlite is one session: connections are multiplexed per query, so the app keeps one pg client.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
