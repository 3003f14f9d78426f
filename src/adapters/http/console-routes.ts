// The local chat console: a page, a JSON API the page uses, and blobs (charts, report files).
// Loopback only: the console acts as an admin, so it must never be reachable from the network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConsoleTransport } from '../../bot/console-transport.js';

const PAGE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'console-page.html'), 'utf8');
// marked's browser build is not in its exports map; locate it next to its package.json.
const MARKED = readFileSync(join(dirname(createRequire(import.meta.url).resolve('marked/package.json')), 'lib', 'marked.umd.js'), 'utf8');

const sendBody = z.object({
  text: z.string().min(1).max(4000),
  staffId: z.string().min(1).max(64).optional(),
  conversationId: z.string().min(1).max(64).optional(),
  conversationType: z.enum(['single', 'group']).optional(),
});

const isLoopback = (request: FastifyRequest) => /^(127\.|::1$|::ffff:127\.)/.test(request.ip);

export function registerConsoleRoutes(app: FastifyInstance, transport: ConsoleTransport): void {
  const consolePlugin = async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!isLoopback(request)) return reply.code(403).send({ error: 'the console is served on loopback only' });
    });
    scope.get('/console', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
    scope.get('/console/marked.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(MARKED));
    scope.post('/console/api/messages', async (request, reply) => {
      const body = sendBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('; ') });
      return { entries: await transport.send(body.data) };
    });
    scope.get('/console/api/messages', async (request) => {
      const query = request.query as { conversationId?: string; after?: string };
      return { entries: transport.list(query.conversationId ?? 'console-group', Number(query.after ?? 0) || 0) };
    });
    scope.get('/console/blobs/:id', async (request, reply) => {
      const blob = transport.blob((request.params as { id: string }).id);
      if (!blob) return reply.code(404).send({ error: 'expired' });
      const disposition = blob.mimeType.startsWith('image/') ? 'inline' : 'attachment';
      reply.header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(blob.fileName)}`);
      return reply.type(blob.mimeType).send(blob.content);
    });
  };
  // A display name spares fastify its require.cache scan, which trips over entries tsx leaves empty.
  Object.assign(consolePlugin, { [Symbol.for('fastify.display-name')]: 'otc-bot-console' });
  app.register(consolePlugin);
}
