// The fake OpenAPI: access tokens, robot sends to groups and users, media upload, session webhooks.
// Errors answer in DingTalk's two shapes: {code, message} (api.dingtalk.com) and {errcode, errmsg} (oapi).
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ChatEntry, FakeApi, FakeFaults, FakeState, InjectedResponse } from './state.js';

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface Session {
  conversationId: string;
  expiresAt: number;
}

export class FakeOpenApi {
  private readonly tokens = new Map<string, number>();
  private readonly injected = new Map<FakeApi, InjectedResponse[]>();
  readonly sessions = new Map<string, Session>();
  /** 1:1 conversation of each staff id, learned from the messages users sent. */
  readonly singleChats = new Map<string, string>();
  readonly invalidStaffIds = new Set<string>();
  private seq = 0;
  /** Emits 'entry' with each ChatEntry as it is recorded (the bench times round trips with it). */
  readonly events = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly state: FakeState,
    private readonly faults: FakeFaults,
    private readonly options: { tokenTtlSec: number },
  ) {}

  inject(api: FakeApi, responses: InjectedResponse[]): void {
    this.injected.set(api, [...(this.injected.get(api) ?? []), ...responses]);
  }

  expireTokens(): void {
    this.tokens.clear();
  }

  record(entry: Omit<ChatEntry, 'seq' | 'at'>): ChatEntry {
    const full = { ...entry, seq: ++this.seq, at: performance.now() };
    this.state.entries.push(full);
    this.events.emit('entry', full);
    return full;
  }

  /** Runs `handler` unless a fault is queued for `api`; records the outcome. */
  async handle(api: FakeApi, handler: () => ApiResponse | Promise<ApiResponse>): Promise<ApiResponse> {
    const queued = this.injected.get(api)?.shift();
    const response = queued ?? (await handler());
    const body = response.body as { code?: string; errcode?: number };
    const code = body?.code ?? (body?.errcode ? String(body.errcode) : undefined);
    this.state.apiCalls.push({ api, status: response.status, code });
    return response;
  }

  accessToken(body: { appKey?: string; appSecret?: string }): ApiResponse {
    if (body.appKey !== this.state.clientId || body.appSecret !== this.state.clientSecret) {
      return { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } };
    }
    const token = randomBytes(16).toString('hex');
    this.tokens.set(token, Date.now() + this.options.tokenTtlSec * 1000);
    this.state.tokensIssued += 1;
    this.state.tokens.push(token);
    return { status: 200, body: { accessToken: token, expireIn: this.options.tokenTtlSec } };
  }

  tokenValid(token: string | undefined): boolean {
    const expiry = token ? this.tokens.get(token) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  robotSend(kind: 'group' | 'user-api', token: string | undefined, body: Record<string, unknown>): ApiResponse {
    if (!this.tokenValid(token)) return { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    if (body.robotCode !== this.state.clientId) return { status: 400, body: { code: 'invalidParameter.robotCode', message: 'robotCode 不存在' } };
    let param: Record<string, string>;
    try {
      param = JSON.parse(String(body.msgParam)) as Record<string, string>;
    } catch {
      return { status: 400, body: { code: 'invalidParameter.msgParam', message: 'msgParam 不是合法的 JSON' } };
    }
    const message = messageOf(String(body.msgKey), param);
    if (!message) return { status: 400, body: { code: 'invalidParameter.msgKey', message: `不支持的 msgKey ${String(body.msgKey)}` } };
    if (kind === 'group') {
      this.record({ from: 'bot', via: 'group', conversationId: String(body.openConversationId), ...message });
      return { status: 200, body: { processQueryKey: randomUUID() } };
    }
    const userIds = (body.userIds as string[]) ?? [];
    const invalid = userIds.filter((id) => this.invalidStaffIds.has(id));
    for (const id of userIds.filter((user) => !this.invalidStaffIds.has(user))) {
      this.record({ from: 'bot', via: 'user-api', conversationId: this.singleChats.get(id) ?? `user:${id}`, staffId: id, ...message });
    }
    return { status: 200, body: { processQueryKey: randomUUID(), invalidStaffIdList: invalid, flowControlledStaffIdList: [] } };
  }

  async mediaUpload(token: string | null, type: string | null, form: FormData): Promise<ApiResponse> {
    if (!this.tokenValid(token ?? undefined)) return { status: 200, body: { errcode: 40014, errmsg: '不合法的access_token' } };
    const media = form.get('media');
    if (!(media instanceof Blob) || !type) return { status: 200, body: { errcode: 40004, errmsg: '不合法的媒体文件类型' } };
    const id = `@lA${randomBytes(12).toString('base64url')}`;
    const fileName = (media as File).name ?? 'media';
    this.state.media.set(id, { type, content: Buffer.from(await media.arrayBuffer()), mimeType: media.type, fileName });
    return { status: 200, body: { errcode: 0, errmsg: 'ok', type, media_id: id, created_at: Date.now() } };
  }

  webhook(session: string | null, body: Record<string, unknown>): ApiResponse {
    const found = session ? this.sessions.get(session) : undefined;
    if (!found || found.expiresAt < Date.now() || this.faults.expireSessions) {
      return { status: 200, body: { errcode: 300001, errmsg: 'session 已过期' } };
    }
    const at = body.at as { atUserIds?: string[] } | undefined;
    const markdown = body.markdown as { title?: string; text?: string } | undefined;
    const text = body.text as { content?: string } | undefined;
    if (body.msgtype === 'text' && text?.content) {
      this.record({ from: 'bot', via: 'webhook', conversationId: found.conversationId, msgtype: 'text', text: text.content, atUserIds: at?.atUserIds });
    } else if (body.msgtype === 'markdown' && markdown?.text) {
      const image = /!\[[^\]]*\]\(([^)]+)\)/.exec(markdown.text)?.[1];
      this.record({
        from: 'bot',
        via: 'webhook',
        conversationId: found.conversationId,
        msgtype: image && this.state.media.has(image) ? 'image' : 'markdown',
        text: markdown.text,
        title: markdown.title,
        atUserIds: at?.atUserIds,
        mediaId: image,
      });
    } else {
      return { status: 200, body: { errcode: 400, errmsg: `unsupported msgtype ${String(body.msgtype)}` } };
    }
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  }
}

function messageOf(msgKey: string, param: Record<string, string>): Pick<ChatEntry, 'msgtype' | 'text' | 'title' | 'mediaId' | 'fileName'> | undefined {
  switch (msgKey) {
    case 'sampleText':
      return { msgtype: 'text', text: param.content };
    case 'sampleMarkdown': {
      const image = /!\[[^\]]*\]\(([^)]+)\)/.exec(param.text ?? '')?.[1];
      return { msgtype: image ? 'image' : 'markdown', text: param.text, title: param.title, mediaId: image };
    }
    case 'sampleImageMsg':
      return { msgtype: 'image', text: '', mediaId: param.photoURL };
    case 'sampleFile':
      return { msgtype: 'file', text: param.fileName, mediaId: param.mediaId, fileName: param.fileName };
    default:
      return undefined;
  }
}
