// The app access token (POST {API}/v1.0/oauth2/accessToken): cached, refreshed a few minutes before it
// expires, and fetched by one request at a time however many sends need it at once.
import { responseError } from './errors.js';

export interface AccessTokenSource {
  get(): Promise<string>;
  /** Drops `token` if it is still the cached one (DingTalk refused it). */
  invalidate(token: string): void;
}

export interface AccessTokenOptions {
  apiBase: string;
  appKey: string;
  appSecret: string;
  now?: () => number;
  /** Refresh this long before DingTalk's expiry. */
  refreshMarginMs?: number;
}

export function createAccessTokenSource(options: AccessTokenOptions): AccessTokenSource {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const response = await fetch(`${options.apiBase}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: options.appKey, appSecret: options.appSecret }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { accessToken?: string; expireIn?: number };
    const error = responseError('oauth2/accessToken', response.status, body);
    if (error) throw error;
    if (!body.accessToken) throw new Error('DingTalk oauth2/accessToken answered without accessToken');
    cached = { token: body.accessToken, expiresAt: now() + (body.expireIn ?? 7200) * 1000 };
    return body.accessToken;
  }

  return {
    get() {
      if (cached && now() < cached.expiresAt - margin) return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
