// Sends reply parts to one DingTalk conversation. Text and markdown go through the message's
// sessionWebhook while it is valid and through OpenAPI otherwise; images are uploaded as media and
// shown as markdown; files are DingTalk file messages (OpenAPI only), with a text fallback.
import type { DingTalkApi, RobotMessage } from '../../adapters/dingtalk/api-client.js';
import { DingTalkApiError } from '../../adapters/dingtalk/errors.js';
import type { Logger } from '../../adapters/logger.js';
import type { Locale } from '../../config.js';
import { translator } from '../i18n.js';
import type { ReplyPart } from '../reply.js';
import { splitMessage } from './split-message.js';

export interface ReplyTarget {
  conversationId: string;
  type: 'single' | 'group';
  /** The asker: @mentioned in group replies; the recipient of OpenAPI sends in 1:1 chats. */
  staffId?: string;
  sessionWebhook?: string;
  sessionWebhookExpiresAt?: number;
  locale: Locale;
}

type Outgoing =
  | { kind: 'text'; content: string }
  | { kind: 'markdown'; title: string; text: string }
  | { kind: 'file'; mediaId: string; fileName: string; fileType: string; fallback: Outgoing[] };

export interface SendOptions {
  /**
   * Images already uploaded, by the very Buffer sent: a chart pushed to several conversations is
   * uploaded once and its media id reused. A failed upload is forgotten, so the next send tries again.
   */
  uploads?: WeakMap<Buffer, Promise<string>>;
}

export interface ReplySender {
  send(target: ReplyTarget, parts: ReplyPart[], options?: SendOptions): Promise<void>;
}

/** A webhook this close to expiry is not trusted with a long send. */
const WEBHOOK_MARGIN_MS = 10_000;

export function createReplySender(deps: { api: DingTalkApi; logger: Logger; now?: () => number }): ReplySender {
  const now = deps.now ?? Date.now;
  const { api } = deps;

  function uploadImage(png: Buffer, uploads: SendOptions['uploads']): Promise<string> {
    if (!uploads) return api.uploadMedia('image', png, 'chart.png', 'image/png');
    let upload = uploads.get(png);
    if (!upload) {
      const started = api.uploadMedia('image', png, 'chart.png', 'image/png');
      upload = started;
      uploads.set(png, started);
      started.catch(() => {
        if (uploads.get(png) === started) uploads.delete(png);
      });
    }
    return upload;
  }

  async function toOutgoing(part: ReplyPart, target: ReplyTarget, options: SendOptions): Promise<Outgoing[]> {
    const t = translator(target.locale);
    const numbered = (pieces: string[]) =>
      pieces.map((piece, index) => (index === 0 ? piece : `${t('dingtalk.part', { index: index + 1, total: pieces.length })}\n${piece}`));
    switch (part.kind) {
      case 'text':
        return numbered(splitMessage(part.text)).map((content) => ({ kind: 'text', content }));
      case 'markdown':
        return numbered(splitMessage(part.markdown)).map((text) => ({ kind: 'markdown', title: part.title, text }));
      case 'image': {
        const mediaId = await uploadImage(part.png, options.uploads);
        return [{ kind: 'markdown', title: part.title || t('dingtalk.image'), text: `![](${mediaId})` }];
      }
      case 'file': {
        const size = formatBytes(part.content.length);
        const isText = part.mimeType.startsWith('text/') || part.mimeType.includes('json') || part.mimeType.includes('csv');
        const fallback: Outgoing[] = isText
          ? numbered(splitMessage(`${t('dingtalk.fileFallback', { name: part.fileName, size })}\n${part.content.toString('utf8')}`)).map(
              (content) => ({ kind: 'text', content }),
            )
          : [{ kind: 'text', content: t('dingtalk.fileUnavailable', { name: part.fileName, size }) }];
        try {
          const mediaId = await api.uploadMedia('file', part.content, part.fileName, part.mimeType);
          return [{ kind: 'file', mediaId, fileName: part.fileName, fileType: extension(part.fileName), fallback }];
        } catch (error) {
          deps.logger.warn({ err: error, fileName: part.fileName }, 'file upload failed, sending text instead');
          return fallback;
        }
      }
    }
  }

  async function viaOpenApi(target: ReplyTarget, message: RobotMessage): Promise<void> {
    if (target.type === 'group') {
      await api.sendToGroup(target.conversationId, message);
      return;
    }
    if (!target.staffId) throw new Error(`no staff id to reach 1:1 conversation ${target.conversationId}`);
    const result = await api.sendToUsers([target.staffId], message);
    const refused = [...(result.invalidStaffIdList ?? []), ...(result.flowControlledStaffIdList ?? [])];
    if (refused.length > 0) {
      throw new DingTalkApiError(
        'robot/oToMessages/batchSend',
        200,
        result.flowControlledStaffIdList?.length ? 'FlowControlled' : 'InvalidStaffId',
        `not delivered to ${refused.join(', ')}`,
        false,
      );
    }
  }

  async function deliver(target: ReplyTarget, message: Outgoing, mention: string | undefined): Promise<void> {
    if (message.kind === 'file') {
      try {
        await viaOpenApi(target, { msgKey: 'sampleFile', msgParam: { mediaId: message.mediaId, fileName: message.fileName, fileType: message.fileType } });
      } catch (error) {
        deps.logger.warn({ err: error, fileName: message.fileName }, 'file message failed, sending text instead');
        for (const fallback of message.fallback) await deliver(target, fallback, undefined);
      }
      return;
    }
    const tail = mention ? `\n\n@${mention}` : '';
    if (target.sessionWebhook && (target.sessionWebhookExpiresAt ?? 0) > now() + WEBHOOK_MARGIN_MS) {
      const at = mention ? { atUserIds: [mention], isAtAll: false } : undefined;
      const body =
        message.kind === 'text'
          ? { msgtype: 'text', text: { content: message.content + tail }, at }
          : { msgtype: 'markdown', markdown: { title: message.title, text: message.text + tail }, at };
      try {
        await api.sendBySession(target.sessionWebhook, body);
        return;
      } catch (error) {
        // An expired or revoked session is DingTalk saying "use OpenAPI"; throttling was already retried.
        if (!(error instanceof DingTalkApiError) || error.retryable) throw error;
        deps.logger.info({ code: error.code, conversationId: target.conversationId }, 'session webhook refused, replying through OpenAPI');
      }
    }
    await viaOpenApi(
      target,
      message.kind === 'text'
        ? { msgKey: 'sampleText', msgParam: { content: message.content } }
        : { msgKey: 'sampleMarkdown', msgParam: { title: message.title, text: message.text } },
    );
  }

  return {
    async send(target, parts, options = {}) {
      // Only the first message of a reply @mentions the asker: one notification per answer.
      let mention = target.type === 'group' ? target.staffId : undefined;
      for (const part of parts) {
        for (const message of await toOutgoing(part, target, options)) {
          await deliver(target, message, mention);
          if (message.kind !== 'file') mention = undefined;
        }
      }
    },
  };
}

function formatBytes(size: number): string {
  return size < 1024 ? `${size} B` : size < 1024 ** 2 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1024 ** 2).toFixed(1)} MB`;
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : 'txt';
}
