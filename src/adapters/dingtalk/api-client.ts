// DingTalk OpenAPI calls the bot makes: robot sends to groups and users, media upload, session
// webhooks. Every call goes through the rate limiter; throttling and 5xx are retried with backoff; a
// refused token is refreshed once; anything else throws DingTalk's code and message.
import type { Config } from '../../config.js';
import type { Logger } from '../logger.js';
import { createAccessTokenSource } from './access-token.js';
import { DingTalkApiError, responseError } from './errors.js';
import { createRateLimiter } from './rate-limiter.js';

export interface DingTalkApiOptions {
  apiBase: string;
  oapiBase: string;
  appKey: string;
  appSecret: string;
  robotCode: string;
  logger?: Logger;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  perSecond?: number;
}

export interface RobotSendResult {
  processQueryKey?: string;
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

export interface RobotMessage {
  msgKey: string;
  msgParam: Record<string, unknown>;
}

export interface DingTalkApi {
  sendToGroup(openConversationId: string, message: RobotMessage): Promise<RobotSendResult>;
  sendToUsers(userIds: string[], message: RobotMessage): Promise<RobotSendResult>;
  uploadMedia(type: 'image' | 'file', content: Buffer, fileName: string, mimeType: string): Promise<string>;
  /** Posts to a message's sessionWebhook (no access token: the URL carries the session). */
  sendBySession(webhook: string, body: Record<string, unknown>): Promise<void>;
}

interface Request {
  api: string;
  url(token: string): string;
  init(token: string): RequestInit;
  needsToken: boolean;
}

/** The API client for the app in the configuration (AppKey/AppSecret, robot code, hosts). */
export function dingtalkApiFromConfig(
  dingtalk: NonNullable<Config['dingtalk']>,
  extra: Pick<DingTalkApiOptions, 'logger' | 'retry' | 'perSecond'> = {},
): DingTalkApi {
  return createDingTalkApi({
    apiBase: dingtalk.apiBase,
    oapiBase: dingtalk.oapiBase,
    appKey: dingtalk.clientId,
    appSecret: dingtalk.clientSecret,
    robotCode: dingtalk.robotCode,
    ...extra,
  });
}

export function createDingTalkApi(options: DingTalkApiOptions): DingTalkApi {
  const tokens = createAccessTokenSource({ apiBase: options.apiBase, appKey: options.appKey, appSecret: options.appSecret });
  const limiter = createRateLimiter({ perSecond: options.perSecond });
  const attempts = options.retry?.attempts ?? 5;
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;

  async function call<T>(request: Request): Promise<T> {
    let tokenRefreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      let token = '';
      try {
        if (request.needsToken) token = await tokens.get();
        await limiter.acquire(request.api);
        const response = await fetch(request.url(token), { ...request.init(token), signal: AbortSignal.timeout(15_000) });
        const raw = await response.text();
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          // Not JSON (a proxy's error page): kept as text for the error message.
        }
        const error = responseError(request.api, response.status, body);
        if (error) throw error;
        return body as T;
      } catch (error) {
        if (error instanceof DingTalkApiError && error.tokenRejected && request.needsToken && !tokenRefreshed) {
          tokenRefreshed = true;
          tokens.invalidate(token);
          attempt -= 1;
          continue;
        }
        const retryable = error instanceof DingTalkApiError ? error.retryable : isNetworkError(error);
        if (!retryable || attempt >= attempts) throw error;
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        options.logger?.warn({ api: request.api, attempt, delayMs: Math.round(delay), reason: (error as Error).message }, 'DingTalk call retried');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  const json = (api: string, path: string, body: Record<string, unknown>): Request => ({
    api,
    needsToken: true,
    url: () => `${options.apiBase}${path}`,
    init: (token) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
      body: JSON.stringify(body),
    }),
  });

  return {
    sendToGroup: (openConversationId, message) =>
      call(
        json('robot/groupMessages/send', '/v1.0/robot/groupMessages/send', {
          robotCode: options.robotCode,
          openConversationId,
          msgKey: message.msgKey,
          msgParam: JSON.stringify(message.msgParam),
        }),
      ),
    sendToUsers: (userIds, message) =>
      call(
        json('robot/oToMessages/batchSend', '/v1.0/robot/oToMessages/batchSend', {
          robotCode: options.robotCode,
          userIds,
          msgKey: message.msgKey,
          msgParam: JSON.stringify(message.msgParam),
        }),
      ),
    async uploadMedia(type, content, fileName, mimeType) {
      const body = await call<{ media_id?: string }>({
        api: 'media/upload',
        needsToken: true,
        url: (token) => `${options.oapiBase}/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`,
        init: () => {
          const form = new FormData();
          form.append('media', new Blob([new Uint8Array(content)], { type: mimeType }), fileName);
          return { method: 'POST', body: form };
        },
      });
      if (!body.media_id) throw new DingTalkApiError('media/upload', 200, 'NO_MEDIA_ID', 'answered without media_id', false);
      return body.media_id;
    },
    async sendBySession(webhook, message) {
      await call({
        api: 'sessionWebhook',
        needsToken: false,
        url: () => webhook,
        init: () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) }),
      });
    },
  };
}

function isNetworkError(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError';
}
