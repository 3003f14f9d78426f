// Turns a chat line into a command name with positional and key=value arguments.
// Tolerates what people type in DingTalk: an @mention first, a full-width slash or equals sign,
// ideographic spaces, quotes (ASCII and Chinese) around values with spaces.

export interface ParsedCommand {
  name: string;
  positional: string[];
  named: Record<string, string>;
}

const MAX_INPUT_CHARS = 4000;

/** Returns null when the line is not a command (no leading slash after mentions). */
export function parseCommandLine(input: string): ParsedCommand | null {
  let line = input
    .slice(0, MAX_INPUT_CHARS)
    .replace(/[\u3000\u00a0\t\r\n]+/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim();
  // Leading @mentions (DingTalk keeps "@Bot" in text.content in some clients).
  while (line.startsWith('@')) {
    const space = line.indexOf(' ');
    if (space < 0) return null;
    line = line.slice(space + 1).trimStart();
  }
  if (!line.startsWith('/') && !line.startsWith('／')) return null;
  const tokens = tokenize(line.slice(1));
  const [head, ...rest] = tokens;
  if (!head) return null;
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const token of rest) {
    const pair = /^([A-Za-z_][\w.-]*)[=＝](.*)$/s.exec(token.value);
    if (pair && !token.quoted) named[pair[1].toLowerCase()] = pair[2];
    else positional.push(token.value);
  }
  return { name: head.value.toLowerCase(), positional, named };
}

interface Token {
  value: string;
  quoted: boolean;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '「': '」' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let quoted = false;
  let closing: string | null = null;
  for (const char of text) {
    if (closing) {
      if (char === closing) closing = null;
      else current += char;
    } else if (char in QUOTE_PAIRS) {
      // A leading quote makes the token literal (never key=value); quotes inside key="a b" just group.
      if (current.length === 0) quoted = true;
      closing = QUOTE_PAIRS[char];
    } else if (char === ' ') {
      if (current.length > 0 || quoted) tokens.push({ value: current, quoted });
      current = '';
      quoted = false;
    } else {
      current += char;
    }
  }
  if (current.length > 0 || quoted) tokens.push({ value: current, quoted });
  return tokens;
}
