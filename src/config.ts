// The only reader of process.env. Every variable of the interface contract, validated at start;
// a bad value stops the start with one line per problem.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';

const optionalUrl = z.url().optional();
const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const exchangeOverrides = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const overrides: Record<string, string> = {};
    for (const entry of value.split(',').map((item) => item.trim()).filter(Boolean)) {
      const match = /^([a-z0-9]+)=(https?:\/\/[^\s,]+)$/.exec(entry);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `expected venue=http(s)://host[:port], got "${entry}"` });
        continue;
      }
      overrides[match[1]] = match[2].replace(/\/+$/, '');
    }
    return overrides;
  });

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Shanghai' },
);

const envSchema = z.object({
  DATABASE_URL: optionalUrl,
  SOURCE_DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('./data'),
  DINGTALK_CLIENT_ID: z.string().min(1).optional(),
  DINGTALK_CLIENT_SECRET: z.string().min(1).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(1).optional(),
  DINGTALK_GATEWAY_URL: z.url().default('https://api.dingtalk.com/v1.0/gateway/connections/open'),
  DINGTALK_API_BASE: z.url().default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: z.url().default('https://oapi.dingtalk.com'),
  ADMIN_STAFF_IDS: csv,
  ALERT_CRON: z
    .string()
    .default('*/5 * * * *')
    .refine((expr) => validateCron(expr), { message: 'expected a cron expression such as */5 * * * *' }),
  TZ: timeZone.default('Asia/Shanghai'),
  EXCHANGES: csv.refine((list) => list.length > 0, { message: 'expected at least one ccxt exchange id' }).default(
    ['htx', 'binance', 'okx', 'bybit'],
  ),
  EXCHANGE_API_OVERRIDES: exchangeOverrides,
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE: z.enum(['on', 'off', 'auto']).default('auto'),
});

export type Locale = 'zh-CN' | 'en';

export interface Config {
  databaseUrl?: string;
  sourceDatabaseUrl?: string;
  dataDir: string;
  dingtalk?: {
    clientId: string;
    clientSecret: string;
    robotCode: string;
    gatewayUrl: string;
    apiBase: string;
    oapiBase: string;
  };
  adminStaffIds: string[];
  alertCron: string;
  timeZone: string;
  exchanges: string[];
  exchangeApiOverrides: Record<string, string>;
  http: { host: string; port: number };
  locale: Locale;
  logLevel: string;
  consoleEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
}

/** Parses an environment (process.env by default, after reading `.env` when present). */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  const hasId = Boolean(cleaned.DINGTALK_CLIENT_ID);
  const hasSecret = Boolean(cleaned.DINGTALK_CLIENT_SECRET);
  if (hasId !== hasSecret) {
    problems.push(
      `${hasId ? 'DINGTALK_CLIENT_SECRET' : 'DINGTALK_CLIENT_ID'}: set both DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET, or neither for console mode`,
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dingtalk =
    e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET
      ? {
          clientId: e.DINGTALK_CLIENT_ID,
          clientSecret: e.DINGTALK_CLIENT_SECRET,
          robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
          gatewayUrl: e.DINGTALK_GATEWAY_URL,
          apiBase: e.DINGTALK_API_BASE.replace(/\/+$/, ''),
          oapiBase: e.DINGTALK_OAPI_BASE.replace(/\/+$/, ''),
        }
      : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    sourceDatabaseUrl: e.SOURCE_DATABASE_URL ?? e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    dingtalk,
    adminStaffIds: e.ADMIN_STAFF_IDS,
    alertCron: e.ALERT_CRON,
    timeZone: e.TZ,
    exchanges: e.EXCHANGES,
    exchangeApiOverrides: e.EXCHANGE_API_OVERRIDES,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    locale: e.LOCALE,
    logLevel: e.LOG_LEVEL,
    consoleEnabled: e.CONSOLE === 'on' || (e.CONSOLE === 'auto' && !dingtalk),
  };
}

function readProcessEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
