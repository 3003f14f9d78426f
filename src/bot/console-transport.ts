// The local chat console's transport: messages typed in the page go through the same router as
// DingTalk; replies, progress lines and alert pushes are kept per conversation for the page to poll.
import { randomUUID } from 'node:crypto';
import type { ReplyPart } from './reply.js';
import type { IncomingMessage, Router } from './router.js';

export const CONSOLE_USER = { staffId: 'console-admin', nick: '控制台管理员' };
export const CONSOLE_CONVERSATION = 'console-group';

export type ConsoleEntry =
  | { seq: number; at: string; from: 'user'; staffId: string; text: string }
  | { seq: number; at: string; from: 'bot'; kind: 'text'; text: string }
  | { seq: number; at: string; from: 'bot'; kind: 'markdown'; title: string; markdown: string }
  | { seq: number; at: string; from: 'bot'; kind: 'image'; title: string; url: string }
  | { seq: number; at: string; from: 'bot'; kind: 'file'; fileName: string; url: string; bytes: number };

interface StoredBlob {
  content: Buffer;
  mimeType: string;
  fileName: string;
}

const MAX_ENTRIES = 500;
const MAX_BLOBS = 200;

export class ConsoleTransport {
  private seq = 0;
  private readonly entries = new Map<string, ConsoleEntry[]>();
  private readonly blobs = new Map<string, StoredBlob>();

  constructor(
    private readonly router: Router,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs one typed line through the router; returns the conversation's entries since the line. */
  async send(input: { text: string; staffId?: string; nick?: string; conversationId?: string; conversationType?: 'single' | 'group' }): Promise<ConsoleEntry[]> {
    const conversationId = input.conversationId ?? CONSOLE_CONVERSATION;
    const staffId = input.staffId ?? CONSOLE_USER.staffId;
    const firstSeq = this.seq + 1;
    this.append(conversationId, { from: 'user', staffId, text: input.text });
    const message: IncomingMessage = {
      text: input.text,
      staffId,
      nick: input.nick ?? (staffId === CONSOLE_USER.staffId ? CONSOLE_USER.nick : staffId),
      conversation: { id: conversationId, type: input.conversationType ?? 'group', title: '控制台' },
    };
    const replies = await this.router.handle(message, async (part) => this.push(conversationId, [part]));
    this.push(conversationId, replies);
    return this.list(conversationId, firstSeq - 1);
  }

  /** Adds bot messages (replies or alert pushes) to a conversation. */
  push(conversationId: string, parts: ReplyPart[]): void {
    for (const part of parts) {
      switch (part.kind) {
        case 'text':
          this.append(conversationId, { from: 'bot', kind: 'text', text: part.text });
          break;
        case 'markdown':
          this.append(conversationId, { from: 'bot', kind: 'markdown', title: part.title, markdown: part.markdown });
          break;
        case 'image':
          this.append(conversationId, { from: 'bot', kind: 'image', title: part.title, url: this.store(part.png, 'image/png', `${part.title}.png`) });
          break;
        case 'file':
          this.append(conversationId, {
            from: 'bot',
            kind: 'file',
            fileName: part.fileName,
            url: this.store(part.content, part.mimeType, part.fileName),
            bytes: part.content.length,
          });
          break;
      }
    }
  }

  list(conversationId: string, afterSeq = 0): ConsoleEntry[] {
    return (this.entries.get(conversationId) ?? []).filter((entry) => entry.seq > afterSeq);
  }

  blob(id: string): StoredBlob | undefined {
    return this.blobs.get(id);
  }

  private append(conversationId: string, entry: DistributiveOmit<ConsoleEntry, 'seq' | 'at'>): void {
    const list = this.entries.get(conversationId) ?? [];
    list.push({ ...entry, seq: ++this.seq, at: this.now().toISOString() } as ConsoleEntry);
    if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
    this.entries.set(conversationId, list);
  }

  private store(content: Buffer, mimeType: string, fileName: string): string {
    const id = randomUUID();
    this.blobs.set(id, { content, mimeType, fileName });
    if (this.blobs.size > MAX_BLOBS) this.blobs.delete(this.blobs.keys().next().value as string);
    return `/console/blobs/${id}`;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
