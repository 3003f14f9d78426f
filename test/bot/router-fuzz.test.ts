// Thousands of random lines through the real router: it never throws, never answers with nothing,
// never leaks a stack trace. Seeded; the seed is printed on failure by fast-check.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { replyAsText } from '../../src/bot/reply.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app.close();
});

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

const commandWord = fc.constantFrom('help', '帮助', 'role', '权限', 'audit', '审计', 'status', 'pnl', 'x', '');
const nastyToken = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom("'; DROP TABLE otc_bot.role_grants; --", '1 OR 1=1', '$1', '%', '\\', '"', '“', '＝', '=', 'n=-1', 'n=1e309', 'key=', '@', 'here', 'grant', 'revoke', 'admin', '\u0000', '🙂'),
  fc.integer().map(String),
);
const line = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(fc.constantFrom('', '@bot ', '  '), fc.constantFrom('/', '／'), commandWord, fc.array(nastyToken, { maxLength: 6 }))
    .map(([mention, slash, name, args]) => `${mention}${slash}${name} ${args.join(' ')}`),
);

function assertSaneReply(parts: Awaited<ReturnType<TestApp['ask']>>) {
  assert.ok(parts.length > 0, 'empty reply');
  const reply = replyAsText(parts);
  assert.ok(reply.trim().length > 0, 'blank reply');
  assert.doesNotMatch(reply, /\n\s+at .+:\d+:\d+|node_modules|\.ts:\d+/, 'stack trace leaked');
}

test('random lines never throw, never answer with nothing, never leak a stack', async () => {
  await fc.assert(
    fc.asyncProperty(line, fc.constantFrom('console-admin', 'stranger'), async (text, staffId) => {
      assertSaneReply(await app.ask(text, { staffId }));
    }),
    { seed: SEED, numRuns: 1500 },
  );
});

test('huge inputs are answered quickly and sanely', async () => {
  for (const text of ['/help ' + 'x'.repeat(1_000_000), '/' + '帮'.repeat(100_000), '@'.repeat(50_000), `/role grant ${'a '.repeat(20_000)}`]) {
    const started = performance.now();
    assertSaneReply(await app.ask(text));
    assert.ok(performance.now() - started < 2000, 'huge input took too long');
  }
});

test('SQL-looking input is data, not SQL: the roles table survives', async () => {
  await app.ask('/role grant trader @keeper');
  // An unclosed quote groups the rest of the line, so the whole tail becomes one literal staff id.
  await app.ask("/role grant trader @x'); DELETE FROM otc_bot.role_grants; --");
  const { rows } = await app.database.pool.query<{ subject_id: string }>('SELECT subject_id FROM otc_bot.role_grants');
  const ids = rows.map((row) => row.subject_id);
  assert.ok(ids.includes('keeper'));
  assert.ok(ids.includes('x); DELETE FROM otc_bot.role_grants; --'));
});
