// DingTalk Stream transport: receives robot messages, ACKs each at once (the SDK does not ACK
// callbacks, and an unACKed message is redelivered about a minute later), drops messages already
// taken (durably, so redeliveries and restarts never answer twice), runs the router and sends replies.
import { randomBytes } from 'node:crypto';
import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { DingTalkApi } from '../../adapters/dingtalk/api-client.js';
import type { DingTalkStateRepository } from '../../adapters/dingtalk/state-repository.js';
import type { Config } from '../../config.js';
import { translator } from '../i18n.js';
import { type ReplyPart, text } from '../reply.js';
import type { Router } from '../router.js';
import type { Services } from '../services.js';
import { createReplySender, type ReplySender, type ReplyTarget } from './reply-sender.js';
import { isCommandKind, parseRobotPayload, type RobotPayload, toIncomingMessage } from './robot-message.js';
import { StreamClient } from './stream-client.js';
import { StreamConnection, type StreamTimings, defaultStreamTimings } from './stream-connection.js';

export interface DingTalkTransportOptions {
  dingtalk: NonNullable<Config['dingtalk']>;
  router: Router;
  services: Pick<Services, 'logger' | 'metrics' | 'runtime' | 'clock' | 'preferences' | 'config'>;
  api: DingTalkApi;
  state: DingTalkStateRepository;
  timings?: Partial<StreamTimings>;
  onBackoff?: (delayMs: number) => void;
  /** Observes each ACK (bench: receipt-to-ACK latency). */
  onAck?: (messageId: string, ackMs: number) => void;
}

export class DingTalkTransport {
  readonly client: StreamClient;
  readonly connection: StreamConnection;
  readonly replies: ReplySender;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DingTalkTransportOptions) {
    const timings = { ...defaultStreamTimings, ...options.timings };
    const { services } = options;
    this.client = new StreamClient(
      { clientId: options.dingtalk.clientId, clientSecret: options.dingtalk.clientSecret, gatewayUrl: options.dingtalk.gatewayUrl, connectTimeoutMs: timings.connectTimeoutMs },
      {
        onSocketClosed: (generation, reason) => this.connection.socketClosed(generation, reason),
        onServerDisconnect: () => this.connection.serverDisconnect(),
      },
    );
    this.connection = new StreamConnection({
      client: this.client,
      timings,
      runtime: services.runtime,
      metrics: services.metrics,
      logger: services.logger,
      now: () => services.clock.now(),
      onBackoff: options.onBackoff,
    });
    this.replies = createReplySender({ api: options.api, logger: services.logger });
    this.client.registerCallbackListener(TOPIC_ROBOT, (frame) => this.receive(frame));
    this.client.on('frame-error', (error: unknown) => services.logger.warn({ err: error }, 'unreadable stream frame'));
  }

  start(): void {
    this.connection.start();
  }

  /** Stops receiving, then waits (a bounded time) for commands already running to reply. */
  async stop(graceMs = 10_000): Promise<void> {
    await this.connection.stop();
    const pending = Promise.allSettled([...this.inFlight]);
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  private receive(frame: DWClientDownStream): void {
    const received = performance.now();
    this.client.socketCallBackResponse(frame.headers.messageId, { status: 'SUCCESS' });
    this.options.onAck?.(frame.headers.messageId, performance.now() - received);
    const work = this.answer(frame).catch((error: unknown) => {
      const errorId = randomBytes(4).toString('hex');
      this.options.services.logger.error({ err: error, errorId, messageId: frame.headers.messageId }, 'DingTalk message not answered');
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async answer(frame: DWClientDownStream): Promise<void> {
    const { services, state, router } = this.options;
    const payload = parseRobotPayload(frame.data);
    const messageId = payload.msgId || frame.headers.messageId;
    if (!(await state.claimMessage(messageId, payload.conversationId))) {
      services.logger.debug({ messageId }, 'duplicate DingTalk message ignored');
      return;
    }
    const message = toIncomingMessage(payload);
    await state.rememberConversation({
      conversationId: payload.conversationId,
      type: message.conversation.type,
      title: payload.conversationTitle ?? null,
      staffId: message.conversation.type === 'single' ? message.staffId || null : null,
    });
    const target = await this.targetOf(payload, message.staffId);
    if (!isCommandKind(payload)) {
      await this.replies.send(target, [text(translator(target.locale)('dingtalk.textOnly'))]);
    } else {
      // The interim "计算中…" may still be on its way when the result is ready: keep them in order.
      let sent: Promise<void> = Promise.resolve();
      const sendInOrder = (parts: ReplyPart[]) => {
        sent = sent.catch(() => undefined).then(() => this.replies.send(target, parts));
        return sent;
      };
      const parts = await router.handle(message, (part) => sendInOrder([part]));
      await sendInOrder(parts);
    }
    await state.markAnswered(messageId);
  }

  private async targetOf(payload: RobotPayload, staffId: string): Promise<ReplyTarget> {
    const { services } = this.options;
    return {
      conversationId: payload.conversationId,
      type: payload.conversationType === '1' ? 'single' : 'group',
      staffId: staffId || undefined,
      sessionWebhook: payload.sessionWebhook,
      sessionWebhookExpiresAt: payload.sessionWebhookExpiredTime,
      locale: (staffId && (await services.preferences.localeOf(staffId))) || services.config.locale,
    };
  }
}
