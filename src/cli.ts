// otc-bot subcommands, thin: each calls the same functions main.ts wires.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from './adapters/db/migrate.js';
import { createLogger } from './adapters/logger.js';
import { CONSOLE_CONVERSATION, CONSOLE_USER } from './bot/console-transport.js';
import { replyAsText } from './bot/reply.js';
import { ConfigError, loadConfig } from './config.js';
import { startBot } from './main.js';

type Subcommand = (argv: string[]) => Promise<number>;

const subcommands: Record<string, Subcommand> = {
  async start() {
    const config = loadConfig();
    const app = await startBot(config, { jobs: true });
    const { logger } = app.services;
    logger.info({ mode: app.services.runtime.mode, http: app.httpUrl }, 'otc-bot started');
    if (app.consoleUrl) process.stdout.write(`\n  otc-bot 本地控制台 / local console: ${app.consoleUrl}\n\n`);
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'stopping');
        app.stop().then(done, (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          done();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },

  async ask(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { as: { type: 'string' }, out: { type: 'string' }, conversation: { type: 'string' } },
    });
    const line = positionals.join(' ');
    if (!line) {
      process.stderr.write('usage: otc-bot ask "/pnl 7d by=coin" [--as STAFF_ID] [--out DIR]\n');
      return 2;
    }
    // The shell user is the console's local admin unless --as says otherwise.
    const config = { ...loadConfig(), consoleEnabled: true, logLevel: process.env.LOG_LEVEL ?? 'warn' };
    const app = await startBot(config, { listen: false, jobs: false, dingtalk: { stream: false }, logger: createLogger(config.logLevel, process.stderr) });
    try {
      const staffId = values.as ?? CONSOLE_USER.staffId;
      const parts = await app.router.handle(
        { text: line, staffId, nick: staffId, conversation: { id: values.conversation ?? CONSOLE_CONVERSATION, type: 'group' } },
        async (progress) => {
          process.stderr.write(`${replyAsText([progress])}\n`);
        },
      );
      process.stdout.write(`${replyAsText(parts)}\n`);
      const binaries = parts.filter((part) => part.kind === 'image' || part.kind === 'file');
      if (binaries.length > 0) {
        const outDir = resolve(values.out ?? 'out');
        await mkdir(outDir, { recursive: true });
        for (const [index, part] of binaries.entries()) {
          const path =
            part.kind === 'image'
              ? join(outDir, `${String(index + 1).padStart(2, '0')}-${safeName(part.title)}.png`)
              : join(outDir, safeName(part.kind === 'file' ? part.fileName : 'file'));
          await writeFile(path, part.kind === 'image' ? part.png : part.kind === 'file' ? part.content : '');
          process.stdout.write(`→ ${path}\n`);
        }
      }
      return 0;
    } finally {
      await app.stop();
    }
  },

  async migrate() {
    const config = loadConfig();
    const app = await startBot({ ...config, consoleEnabled: false }, { listen: false, jobs: false, dingtalk: { stream: false } });
    try {
      const applied = await migrate(app.services.db);
      process.stdout.write(`schema otc_bot is up to date${applied.length ? ` (applied ${applied.join(', ')})` : ''}\n`);
      return 0;
    } finally {
      await app.stop();
    }
  },

  'seed-demo': async (argv) => (await import('./handlers/jobs/match-cli.js')).seedDemoCommand(argv),
  match: async (argv) => (await import('./handlers/jobs/match-cli.js')).matchCommand(argv),

  async bench(argv) {
    const { runBenchmarks } = await import('./bench/index.js');
    return runBenchmarks(argv);
  },
};

function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'output';
}

async function main(): Promise<number> {
  const [name = 'start', ...rest] = process.argv.slice(2);
  const subcommand = subcommands[name];
  if (!subcommand) {
    process.stderr.write(`unknown subcommand "${name}"; available: ${Object.keys(subcommands).join(', ')}\n`);
    return 2;
  }
  try {
    return await subcommand(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`otc-bot: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`otc-bot: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
