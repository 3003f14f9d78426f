// The fake Stream gateway: tickets from POST /v1.0/gateway/connections/open, then a WebSocket that
// sends system pings and robot callbacks, records ACKs and redelivers what was not ACKed in time.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { callbackFrame, type DownstreamFrame, systemFrame, type UpstreamFrame } from './frames.js';
import type { FakeFaults, FakeState } from './state.js';

interface Delivery {
  frame: DownstreamFrame;
  deliveredAt: number;
  deliveries: number;
  acked: boolean;
  timer?: NodeJS.Timeout;
}

export class FakeStreamGateway {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly tickets = new Map<string, string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly queued: string[] = [];

  constructor(
    private readonly state: FakeState,
    private readonly faults: FakeFaults,
    private readonly options: { pingIntervalMs: number; ackTimeoutMs: number; maxDeliveries: number },
  ) {}

  /** POST /v1.0/gateway/connections/open */
  open(body: { clientId?: string; clientSecret?: string }, wsBase: string): { status: number; body: unknown } {
    if (this.faults.refuseGateway > 0) {
      this.faults.refuseGateway -= 1;
      return { status: 503, body: { code: 'ServiceUnavailable', message: 'gateway busy (fault injected)' } };
    }
    if (body.clientId !== this.state.clientId || body.clientSecret !== this.state.clientSecret) {
      return { status: 401, body: { code: 'InvalidClient', message: 'clientId or clientSecret is wrong' } };
    }
    const ticket = randomUUID();
    this.tickets.set(ticket, body.clientId);
    return { status: 200, body: { endpoint: `${wsBase}/connect`, ticket } };
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/connect' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const connectionId = randomUUID();
    this.sockets.add(ws);
    const stats = this.state.connections;
    stats.opened += 1;
    stats.maxOpen = Math.max(stats.maxOpen, this.sockets.size);
    stats.openedAt.push(performance.now());
    const pinger = setInterval(() => {
      if (!this.faults.silence) ws.send(JSON.stringify(systemFrame('ping', { opaque: randomUUID() })));
    }, this.options.pingIntervalMs);
    ws.on('ping', (data) => {
      if (!this.faults.silence) ws.pong(data);
    });
    ws.on('message', (data) => this.upstream(JSON.parse(data.toString()) as UpstreamFrame));
    ws.on('close', () => {
      clearInterval(pinger);
      this.sockets.delete(ws);
    });
    ws.on('error', () => ws.terminate());
    (ws as WebSocket & { connectionId?: string }).connectionId = connectionId;
    if (this.faults.dropNextConnections > 0) {
      this.faults.dropNextConnections -= 1;
      setImmediate(() => ws.terminate());
      return;
    }
    for (const messageId of this.queued.splice(0)) this.send(messageId);
  }

  /** Sends a robot message to the bot; returns the frame's messageId. */
  deliver(payload: Record<string, unknown>): string {
    const frame = callbackFrame(this.state.clientId, '', payload);
    this.deliveries.set(frame.headers.messageId, { frame, deliveredAt: 0, deliveries: 0, acked: false });
    this.send(frame.headers.messageId);
    return frame.headers.messageId;
  }

  /** Sends the same frame again, as DingTalk does when it thinks an ACK went missing. */
  redeliver(messageId: string): void {
    this.send(messageId);
  }

  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** The server-side "disconnect" system message, then the close a few moments later. */
  announceDisconnect(graceMs = 200): void {
    for (const ws of this.sockets) {
      ws.send(JSON.stringify(systemFrame('disconnect', { reason: 'server restart' })));
      setTimeout(() => ws.terminate(), graceMs).unref();
    }
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  close(): void {
    for (const delivery of this.deliveries.values()) clearTimeout(delivery.timer);
    this.dropAll();
    this.wss.close();
  }

  private send(messageId: string): void {
    const delivery = this.deliveries.get(messageId);
    if (!delivery) return;
    const ws = [...this.sockets].at(-1);
    if (!ws || ws.readyState !== ws.OPEN) {
      if (!this.queued.includes(messageId)) this.queued.push(messageId);
      return;
    }
    const connectionId = (ws as WebSocket & { connectionId?: string }).connectionId ?? '';
    delivery.frame.headers.connectionId = connectionId;
    delivery.deliveries += 1;
    delivery.deliveredAt = performance.now();
    this.state.deliveries.push({ messageId, at: delivery.deliveredAt, attempt: delivery.deliveries });
    ws.send(JSON.stringify(delivery.frame));
    clearTimeout(delivery.timer);
    delivery.timer = setTimeout(() => {
      if (!delivery.acked && delivery.deliveries < this.options.maxDeliveries) this.send(messageId);
    }, this.options.ackTimeoutMs);
    delivery.timer.unref();
  }

  private upstream(frame: UpstreamFrame): void {
    const messageId = frame.headers?.messageId ?? '';
    const delivery = this.deliveries.get(messageId);
    if (!delivery) {
      this.state.pingAnswers += 1;
      return;
    }
    if (this.faults.ignoreAcks) return;
    const record = () => {
      delivery.acked = true;
      clearTimeout(delivery.timer);
      this.state.acks.push({ messageId, code: frame.code, data: frame.data, at: performance.now(), ackMs: performance.now() - delivery.deliveredAt });
    };
    if (this.faults.ackDelayMs > 0) setTimeout(record, this.faults.ackDelayMs).unref();
    else record();
  }
}
