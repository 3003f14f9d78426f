// DingTalk mode, put together: API client, durable message state, Stream transport and push sender.
import { dingtalkApiFromConfig } from '../../adapters/dingtalk/api-client.js';
import { createDingTalkStateRepository } from '../../adapters/dingtalk/state-repository.js';
import type { Config } from '../../config.js';
import type { PushSender } from '../push.js';
import type { Router } from '../router.js';
import type { Services } from '../services.js';
import { dingtalkPushSender } from './push-sender.js';
import type { StreamTimings } from './stream-connection.js';
import { DingTalkTransport } from './transport.js';

export interface DingTalkOptions {
  /** Connect the Stream (default). One-shot commands (`ask`, `migrate`) need only the push sender. */
  stream?: boolean;
  timings?: Partial<StreamTimings>;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  onBackoff?: (delayMs: number) => void;
  onAck?: (messageId: string, ackMs: number) => void;
}

export interface DingTalkMode {
  transport: DingTalkTransport;
  push: PushSender;
  stop(): Promise<void>;
}

/** DingTalk redelivers within minutes; a week of message ids is ample and keeps the table small. */
const KEEP_MESSAGE_IDS_MS = 7 * 24 * 3600_000;

export function startDingTalk(dingtalk: NonNullable<Config['dingtalk']>, router: Router, services: Services, options: DingTalkOptions = {}): DingTalkMode {
  const api = dingtalkApiFromConfig(dingtalk, { logger: services.logger, retry: options.retry });
  const state = createDingTalkStateRepository(services.db);
  const transport = new DingTalkTransport({ dingtalk, router, services, api, state, ...options });
  if (options.stream !== false) transport.start();
  const prune = setInterval(() => {
    state.pruneMessages(new Date(services.clock.now().getTime() - KEEP_MESSAGE_IDS_MS)).catch((error: unknown) =>
      services.logger.warn({ err: error }, 'pruning processed DingTalk messages failed'),
    );
  }, 3600_000);
  prune.unref();
  return {
    transport,
    push: dingtalkPushSender({ replies: transport.replies, state, locale: () => services.config.locale, logger: services.logger }),
    async stop() {
      clearInterval(prune);
      await transport.stop();
    },
  };
}
