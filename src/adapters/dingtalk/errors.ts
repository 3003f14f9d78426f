// DingTalk answers errors in two shapes: the new API (`{code, message}` with an HTTP status) and the
// old oapi (`{errcode, errmsg}` with HTTP 200). Both become one error that carries DingTalk's own words.

export class DingTalkApiError extends Error {
  constructor(
    readonly api: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Throttling and server errors: worth another try after a pause. */
    readonly retryable: boolean,
    /** The access token was refused: refresh it and try again at once. */
    readonly tokenRejected = false,
  ) {
    super(`DingTalk ${api} failed: ${code} ${detail} (HTTP ${status})`);
    this.name = 'DingTalkApiError';
  }
}

const THROTTLE_CODES = new Set(['90018', '90002', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'Forbidden.AccessDenied.QpsLimitForApi', 'Throttling']);
// 40014 invalid, 42001 expired, 40001 bad credential; InvalidAuthentication on the new API.
const TOKEN_CODES = new Set(['40014', '42001', '40001', 'InvalidAuthentication', 'InvalidAccessToken']);

/** Returns the error a response stands for, or undefined when it is a success. */
export function responseError(api: string, status: number, body: unknown): DingTalkApiError | undefined {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errcode = record.errcode;
  const code =
    record.code !== undefined ? String(record.code) : errcode !== undefined && errcode !== 0 ? String(errcode) : undefined;
  if (status < 400 && code === undefined) return undefined;
  const detail = String(record.message ?? record.errmsg ?? (typeof body === 'string' ? body.slice(0, 200) : ''));
  const finalCode = code ?? `HTTP_${status}`;
  const throttled = status === 429 || THROTTLE_CODES.has(finalCode);
  return new DingTalkApiError(api, status, finalCode, detail, throttled || status >= 500, TOKEN_CODES.has(finalCode));
}
