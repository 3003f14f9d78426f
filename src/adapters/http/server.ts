// HTTP: health, readiness, Prometheus metrics and (console mode) the local chat console.
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { ConsoleTransport } from '../../bot/console-transport.js';
import type { RuntimeStatus } from '../../bot/runtime-status.js';
import type { Metrics } from '../metrics.js';
import { registerConsoleRoutes } from './console-routes.js';

export interface HttpDependencies {
  db: pg.Pool;
  metrics: Metrics;
  runtime: RuntimeStatus;
  console?: ConsoleTransport;
}

export function buildHttpServer(deps: HttpDependencies): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const reasons: string[] = [];
    try {
      await deps.db.query('SELECT 1');
    } catch (error) {
      reasons.push(`database: ${(error as Error).message}`);
    }
    if (deps.runtime.stream && !deps.runtime.stream.connected) reasons.push('dingtalk stream: not connected');
    if (reasons.length > 0) return reply.code(503).send({ status: 'not ready', reasons });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  if (deps.console) registerConsoleRoutes(app, deps.console);
  return app;
}
