// The dingtalk-stream SDK's client, kept for its protocol (frame parsing, ping answers, callback
// dispatch, ACK frames) with its connection handling replaced: 2.1.5 always calls DingTalk's own
// gateway, reconnects on a fixed 1 s timer that can stack up sockets, and prints to the console.
// Here each socket belongs to one numbered connection and StreamConnection decides when to open one.
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';

/** SDK fields that are private in its typings but that a replacement of _connect must set. */
interface SdkInternals {
  socket?: WebSocket;
  dw_url?: string;
  userDisconnect: boolean;
}

export interface StreamClientSettings {
  clientId: string;
  clientSecret: string;
  gatewayUrl: string;
  connectTimeoutMs: number;
}

export interface StreamClientHooks {
  /** The socket of connection `generation` is gone (closed, failed or terminated). */
  onSocketClosed(generation: number, reason: string): void;
  /** DingTalk announced it will close this connection (system topic "disconnect"). */
  onServerDisconnect(): void;
}

export class StreamClient extends DWClient {
  /** performance.now() of the last frame, ping or pong from the server. */
  lastActivityAt = 0;
  generation = 0;

  constructor(
    private readonly settings: StreamClientSettings,
    private readonly hooks: StreamClientHooks,
  ) {
    super({ clientId: settings.clientId, clientSecret: settings.clientSecret, keepAlive: false, debug: false, ua: 'otc-bot' });
    this.config.autoReconnect = false;
  }

  private get internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  /** Same request as the SDK's, to the configured gateway, with a timeout. */
  override async getEndpoint(): Promise<this> {
    const response = await fetch(this.settings.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(this.settings.connectTimeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { endpoint?: string; ticket?: string; code?: string; message?: string };
    if (!response.ok || !body.endpoint || !body.ticket) {
      throw new Error(`stream gateway answered HTTP ${response.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
    }
    this.internals.dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** Opens connection number `++generation`, after making sure no earlier socket is left. */
  override _connect(): Promise<void> {
    this.dropSocket();
    const generation = ++this.generation;
    const url = this.internals.dw_url;
    if (!url) return Promise.reject(new Error('no stream endpoint'));
    this.internals.userDisconnect = false;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: this.settings.connectTimeoutMs });
      this.internals.socket = socket;
      let opened = false;
      const gone = (reason: string) => {
        if (this.internals.socket === socket) this.internals.socket = undefined;
        this.connected = false;
        this.registered = false;
        if (!opened) reject(new Error(`stream socket failed before opening: ${reason}`));
        else this.hooks.onSocketClosed(generation, reason);
      };
      socket.on('open', () => {
        opened = true;
        this.connected = true;
        this.lastActivityAt = performance.now();
        resolve();
      });
      socket.on('message', (data) => this.onDownStream(data.toString()));
      socket.on('ping', () => this.touch());
      socket.on('pong', () => this.touch());
      let failure = '';
      socket.on('error', (error) => {
        failure = error.message;
        socket.terminate();
      });
      socket.once('close', (code) => gone(failure || `closed ${code}`));
    });
  }

  override onDownStream(data: string): void {
    this.touch();
    try {
      super.onDownStream(data);
    } catch (error) {
      // A frame we cannot parse must not take the connection down; the server will resend what matters.
      this.emit('frame-error', error);
    }
  }

  override onSystem(frame: DWClientDownStream): void {
    if (frame.headers.topic === 'disconnect') this.hooks.onServerDisconnect();
    super.onSystem(frame);
  }

  /** Client-side keepalive: a WebSocket ping the server must answer. */
  pingServer(): void {
    const socket = this.internals.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.ping();
  }

  /** Kills the current socket at once (no closing handshake: the peer may be a zombie). */
  dropSocket(): void {
    const socket = this.internals.socket;
    this.internals.socket = undefined;
    this.internals.userDisconnect = true;
    socket?.terminate();
  }

  get hasSocket(): boolean {
    return this.internals.socket !== undefined;
  }

  private touch(): void {
    this.lastActivityAt = performance.now();
  }
}
