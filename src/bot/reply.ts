// A reply is a value; the transport (DingTalk, console, CLI) decides how to send it.
export type ReplyPart =
  | { kind: 'text'; text: string }
  | { kind: 'markdown'; title: string; markdown: string }
  | { kind: 'image'; png: Buffer; title: string }
  | { kind: 'file'; fileName: string; content: Buffer; mimeType: string };

export type Reply = ReplyPart | ReplyPart[];

export const text = (value: string): ReplyPart => ({ kind: 'text', text: value });
export const markdown = (title: string, value: string): ReplyPart => ({ kind: 'markdown', title, markdown: value });
export const image = (title: string, png: Buffer): ReplyPart => ({ kind: 'image', title, png });
export const file = (fileName: string, content: Buffer | string, mimeType = 'text/plain; charset=utf-8'): ReplyPart => ({
  kind: 'file',
  fileName,
  content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  mimeType,
});

export function replyParts(reply: Reply): ReplyPart[] {
  return Array.isArray(reply) ? reply : [reply];
}

/** Plain-text view of a reply (CLI output, logs, tests). */
export function replyAsText(parts: ReplyPart[]): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return part.text;
        case 'markdown':
          return part.markdown;
        case 'image':
          return `[image: ${part.title}]`;
        default:
          return `[file: ${part.fileName}]`;
      }
    })
    .join('\n\n');
}
