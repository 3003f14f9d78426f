// pino with secrets redacted: app secrets, tokens and webhook URLs (which carry a session token).
import { pino, type Logger } from 'pino';

export type { Logger };

export const redactedPaths = [
  '*.clientSecret',
  '*.appSecret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.password',
  '*.sessionWebhook',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-acs-dingtalk-access-token"]',
  'config.dingtalk.clientSecret',
  'config.databaseUrl',
  'config.sourceDatabaseUrl',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { app: 'otc-bot' } }, destination as never);
}
