// Keeps exactly one live Stream connection: opens it, notices when it is gone or has gone silent
// (a zombie socket that no longer carries pings), and reconnects with exponential backoff and jitter.
// Only one timer or one open attempt exists at any time, so connections cannot multiply.
import type { Logger } from '../../adapters/logger.js';
import type { Metrics } from '../../adapters/metrics.js';
import type { RuntimeStatus } from '../runtime-status.js';
import type { StreamClient } from './stream-client.js';

export interface StreamTimings {
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A connection that stayed up this long resets the backoff. */
  stableAfterMs: number;
  /** No frame, ping or pong from the server for this long: the socket is a zombie. */
  idleTimeoutMs: number;
  /** How often the bot pings the server itself (DingTalk's own pings can be sparse). */
  keepAliveMs: number;
  connectTimeoutMs: number;
}

export const defaultStreamTimings: StreamTimings = {
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  stableAfterMs: 30_000,
  idleTimeoutMs: 90_000,
  keepAliveMs: 20_000,
  connectTimeoutMs: 15_000,
};

export interface StreamConnectionDeps {
  client: StreamClient;
  timings: StreamTimings;
  runtime: RuntimeStatus;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  random?: () => number;
  /** Called with each reconnect delay (tests, bench). */
  onBackoff?: (delayMs: number) => void;
}

export class StreamConnection {
  private stopped = true;
  private attempt = 0;
  private everConnected = false;
  private retryTimer?: NodeJS.Timeout;
  private stableTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private opening = false;
  private lastPingAt = 0;

  constructor(private readonly deps: StreamConnectionDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const { timings } = this.deps;
    this.watchdog = setInterval(() => this.checkAlive(), Math.max(10, Math.min(timings.keepAliveMs, timings.idleTimeoutMs / 4)));
    void this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    clearInterval(this.watchdog);
    this.deps.client.dropSocket();
    this.setConnected(false);
  }

  /** Socket of `generation` closed: reconnect unless it was an old one or we are stopping. */
  socketClosed(generation: number, reason: string): void {
    if (this.stopped || generation !== this.deps.client.generation) return;
    this.deps.logger.warn({ reason }, 'DingTalk stream connection lost');
    this.setConnected(false);
    this.scheduleReconnect();
  }

  /** DingTalk said it will close this connection: move to a new one now rather than wait. */
  serverDisconnect(): void {
    if (this.stopped) return;
    this.deps.logger.info('DingTalk asked to reconnect');
    this.attempt = 0;
    this.deps.client.dropSocket();
  }

  private async open(): Promise<void> {
    if (this.stopped || this.opening) return;
    this.opening = true;
    const { client, logger } = this.deps;
    try {
      await client.getEndpoint();
      if (this.stopped) return;
      await client._connect();
      if (this.stopped) {
        client.dropSocket();
        return;
      }
      this.setConnected(true);
      if (this.everConnected) {
        if (this.deps.runtime.stream) this.deps.runtime.stream.reconnects += 1;
        this.deps.metrics.streamReconnected();
      }
      this.everConnected = true;
      logger.info({ generation: client.generation }, 'DingTalk stream connected');
      clearTimeout(this.stableTimer);
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, this.deps.timings.stableAfterMs);
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, 'DingTalk stream connect failed');
      this.opening = false;
      this.scheduleReconnect();
    } finally {
      this.opening = false;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer || this.opening) return;
    clearTimeout(this.stableTimer);
    const { backoffBaseMs, backoffMaxMs } = this.deps.timings;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** this.attempt);
    // "Equal jitter": never below half the step, so delays grow while spreading reconnect storms.
    const delay = Math.round(ceiling / 2 + (this.deps.random ?? Math.random)() * (ceiling / 2));
    this.attempt += 1;
    this.deps.onBackoff?.(delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.open();
    }, delay);
  }

  private checkAlive(): void {
    const { client, timings, logger } = this.deps;
    if (!client.connected || this.opening) return;
    if (performance.now() - this.lastPingAt >= timings.keepAliveMs) {
      this.lastPingAt = performance.now();
      client.pingServer();
    }
    if (performance.now() - client.lastActivityAt > timings.idleTimeoutMs) {
      logger.warn({ idleMs: Math.round(performance.now() - client.lastActivityAt) }, 'DingTalk stream silent, replacing connection');
      client.dropSocket();
    }
  }

  private setConnected(connected: boolean): void {
    const stream = this.deps.runtime.stream;
    if (!stream || stream.connected === connected) return;
    stream.connected = connected;
    stream.since = this.deps.now();
  }
}
