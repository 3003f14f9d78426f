// A local DingTalk for tests and demos: the Stream gateway and WebSocket protocol, the OpenAPI the bot
// calls, media upload, session webhooks, a small web page, and switches to inject faults.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeOpenApi } from './openapi.js';
import { type ChatEntry, type FakeApi, type FakeFaults, type FakeState, type InjectedResponse, newFakeState, newFaults } from './state.js';
import { FakeStreamGateway } from './stream-gateway.js';

export interface FakeDingTalkOptions {
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  pingIntervalMs?: number;
  /** DingTalk redelivers an unACKed callback after about a minute. */
  ackTimeoutMs?: number;
  maxDeliveries?: number;
  tokenTtlSec?: number;
  sessionTtlMs?: number;
}

export interface UserMessage {
  text: string;
  staffId?: string;
  nick?: string;
  /** "1" single chat, "2" group (default). */
  conversationType?: '1' | '2';
  conversationId?: string;
  msgtype?: 'text' | 'picture';
  msgId?: string;
}

export const FAKE_BOT_USER_ID = '$:LWCP_v1:$fake-bot';
const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

export class FakeDingTalk {
  readonly state: FakeState;
  readonly faults: FakeFaults = newFaults();
  readonly gateway: FakeStreamGateway;
  readonly openapi: FakeOpenApi;
  private readonly server: Server;
  url = '';

  private constructor(private readonly options: Required<FakeDingTalkOptions>) {
    this.state = newFakeState(options.clientId, options.clientSecret);
    this.gateway = new FakeStreamGateway(this.state, this.faults, options);
    this.openapi = new FakeOpenApi(this.state, this.faults, options);
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => send(response, 500, { code: 'FakeError', message: String(error) }));
    });
    this.server.on('upgrade', (request, socket, head) => this.gateway.upgrade(request, socket, head));
  }

  static async start(options: FakeDingTalkOptions = {}): Promise<FakeDingTalk> {
    const fake = new FakeDingTalk({
      port: 0,
      host: '127.0.0.1',
      clientId: 'fake-app-key',
      clientSecret: 'fake-app-secret',
      pingIntervalMs: 10_000,
      ackTimeoutMs: 60_000,
      maxDeliveries: 3,
      tokenTtlSec: 7200,
      sessionTtlMs: 90 * 60_000,
      ...options,
    });
    await new Promise<void>((resolve) => fake.server.listen(fake.options.port, fake.options.host, resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `http://${fake.options.host}:${port}`;
    return fake;
  }

  /** The DINGTALK_* environment that points the bot here. */
  get env(): Record<string, string> {
    return {
      DINGTALK_CLIENT_ID: this.options.clientId,
      DINGTALK_CLIENT_SECRET: this.options.clientSecret,
      DINGTALK_GATEWAY_URL: `${this.url}/v1.0/gateway/connections/open`,
      DINGTALK_API_BASE: this.url,
      DINGTALK_OAPI_BASE: this.url,
    };
  }

  /** A person types into DingTalk: the bot receives it as a robot callback. */
  say(input: UserMessage): { msgId: string; messageId: string; conversationId: string } {
    const single = input.conversationType === '1';
    const staffId = input.staffId ?? 'staff-001';
    const conversationId = input.conversationId ?? (single ? `cid-single-${staffId}` : 'cid-group-risk');
    if (single) this.openapi.singleChats.set(staffId, conversationId);
    const session = randomBytes(12).toString('hex');
    const expiresAt = Date.now() + this.options.sessionTtlMs;
    this.openapi.sessions.set(session, { conversationId, expiresAt });
    const msgId = input.msgId ?? `msg${randomUUID().replaceAll('-', '')}`;
    const msgtype = input.msgtype ?? 'text';
    this.openapi.record({ from: 'user', via: 'user', conversationId, msgtype: msgtype === 'text' ? 'text' : 'image', text: input.text, staffId });
    const payload: Record<string, unknown> = {
      conversationId,
      conversationType: single ? '1' : '2',
      conversationTitle: single ? undefined : '风控群',
      chatbotCorpId: 'ding-fake-corp',
      chatbotUserId: FAKE_BOT_USER_ID,
      msgId,
      senderNick: input.nick ?? staffId,
      isAdmin: false,
      senderStaffId: staffId,
      senderId: `$:LWCP_v1:$${staffId}`,
      senderCorpId: 'ding-fake-corp',
      sessionWebhook: `${this.url}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: expiresAt,
      createAt: Date.now(),
      robotCode: this.options.clientId,
      msgtype,
      atUsers: single ? [] : [{ dingtalkId: FAKE_BOT_USER_ID }],
      ...(msgtype === 'text' ? { text: { content: single ? input.text : ` ${input.text}` } } : { content: { downloadCode: 'fake', pictureDownloadCode: 'fake' } }),
    };
    const messageId = this.gateway.deliver(payload);
    return { msgId, messageId, conversationId };
  }

  /** Bot messages (and user lines) of one conversation, oldest first. */
  conversation(conversationId: string): ChatEntry[] {
    return this.state.entries.filter((entry) => entry.conversationId === conversationId);
  }

  botMessages(conversationId?: string): ChatEntry[] {
    return this.state.entries.filter((entry) => entry.from === 'bot' && (!conversationId || entry.conversationId === conversationId));
  }

  inject(api: FakeApi, ...responses: InjectedResponse[]): void {
    this.openapi.inject(api, responses);
  }

  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (performance.now() > deadline) throw new Error(`fake DingTalk: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const raw = await readBody(request);
    const json = () => (raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {});
    const token = request.headers['x-acs-dingtalk-access-token'] as string | undefined;
    const reply = (result: { status: number; body: unknown }) => send(response, result.status, result.body);
    switch (`${request.method} ${url.pathname}`) {
      case 'POST /v1.0/gateway/connections/open':
        return reply(this.gateway.open(json(), this.url.replace(/^http/, 'ws')));
      case 'POST /v1.0/oauth2/accessToken':
        return reply(await this.openapi.handle('accessToken', () => this.openapi.accessToken(json())));
      case 'POST /v1.0/robot/groupMessages/send':
        return reply(await this.openapi.handle('groupMessages', () => this.openapi.robotSend('group', token, json())));
      case 'POST /v1.0/robot/oToMessages/batchSend':
        return reply(await this.openapi.handle('batchSend', () => this.openapi.robotSend('user-api', token, json())));
      case 'POST /media/upload': {
        const form = await new Request(url, { method: 'POST', headers: request.headers as Record<string, string>, body: new Uint8Array(raw) }).formData();
        const result = await this.openapi.mediaUpload(url.searchParams.get('access_token'), url.searchParams.get('type'), form);
        return reply(await this.openapi.handle('mediaUpload', () => result));
      }
      case 'POST /robot/sendBySession': {
        const body = json();
        const delay = this.faults.slowWebhooks.shift();
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        return reply(await this.openapi.handle('webhook', () => this.openapi.webhook(url.searchParams.get('session'), body)));
      }
      // The demo page and its API (not DingTalk's).
      case 'GET /':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        return;
      case 'POST /fake/say':
        return reply({ status: 200, body: this.say(json() as unknown as UserMessage) });
      case 'GET /fake/conversation':
        return reply({ status: 200, body: this.conversation(url.searchParams.get('id') ?? '') });
    }
    const media = /^\/media\/(.+)$/.exec(url.pathname);
    const stored = media && this.state.media.get(decodeURIComponent(media[1]));
    if (request.method === 'GET' && stored) {
      response.writeHead(200, { 'content-type': stored.mimeType || 'application/octet-stream' }).end(stored.content);
      return;
    }
    send(response, 404, { code: 'NotFound', message: `${request.method} ${url.pathname}` });
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
