// `otc-bot ask` as a real child process: the same router as DingTalk, from the shell.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { pngSize } from '../support/png.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
let database: TestDatabase;
let outDir: string;

before(async () => {
  database = await createTestDatabase({ sourceTables: true });
  outDir = await mkdtemp(join(tmpdir(), 'otc-bot-ask-'));
});
after(async () => {
  await database.drop();
  await rm(outDir, { recursive: true, force: true });
});

const ask = (...args: string[]) =>
  run(process.execPath, ['bin/otc-bot.js', 'ask', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: '', DINGTALK_CLIENT_SECRET: '' },
    timeout: 60_000,
  });

test('otc-bot ask "/help" prints the help in Chinese', async () => {
  const { stdout } = await ask('/help');
  assert.match(stdout, /可用命令/);
  assert.match(stdout, /\/status/);
});

test('otc-bot ask writes chart images to --out as valid PNGs of the chart size', async () => {
  const { stdout } = await ask('/status', '--out', outDir);
  assert.match(stdout, /运行时长/);
  const files = (await readdir(outDir)).filter((file) => file.endsWith('.png'));
  assert.equal(files.length, 1);
  assert.deepEqual(pngSize(await readFile(join(outDir, files[0]))), { width: 900, height: 480 });
});

test('otc-bot ask --as a stranger is denied politely', async () => {
  const { stdout } = await ask('/status', '--as', 'someone-new');
  assert.match(stdout, /还没有使用本机器人的权限/);
});

test('a bad configuration stops with one line per problem and exit code 78', async () => {
  await assert.rejects(
    run(process.execPath, ['bin/otc-bot.js', 'ask', '/help'], { env: { ...process.env, HTTP_PORT: 'eighty', LOCALE: 'fr' } }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 78);
      assert.match(error.stderr, /HTTP_PORT: /);
      assert.match(error.stderr, /LOCALE: /);
      assert.doesNotMatch(error.stderr, /\n\s+at /);
      return true;
    },
  );
});
