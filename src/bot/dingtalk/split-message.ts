// DingTalk refuses messages over 20,000 bytes. Long replies are cut at line boundaries; a markdown
// table stays in one part when it fits, and a table too big for one part is cut between rows with its
// header repeated, so no part ever starts in the middle of a table without telling what the columns are.

export const DINGTALK_MESSAGE_LIMIT_BYTES = 20_000;
/** Room left for the @mention and the "(2/3)" marker the sender adds. */
const DEFAULT_BUDGET_BYTES = DINGTALK_MESSAGE_LIMIT_BYTES - 500;

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');
const isTableRow = (line: string) => line.trimStart().startsWith('|');
const isTableSeparator = (line: string) => /^\s*\|?\s*:?-{2,}/.test(line);

/** Lines grouped so that each table is one block. */
function blocks(lines: string[]): { lines: string[]; table: boolean }[] {
  const result: { lines: string[]; table: boolean }[] = [];
  for (const line of lines) {
    const last = result.at(-1);
    const table = isTableRow(line);
    if (table && last?.table) last.lines.push(line);
    else result.push({ lines: [line], table });
  }
  return result;
}

/** Cuts one over-long line at character boundaries (never inside a UTF-8 sequence). */
function cutLine(line: string, budget: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of line) {
    if (bytes(current) + bytes(char) > budget) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  pieces.push(current);
  return pieces;
}

export function splitMessage(message: string, budgetBytes = DEFAULT_BUDGET_BYTES): string[] {
  if (bytes(message) <= budgetBytes) return [message];
  const parts: string[] = [];
  let current: string[] = [];
  let currentBytes = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current.join('\n'));
    current = [];
    currentBytes = 0;
  };
  const add = (line: string) => {
    const size = bytes(line) + (current.length > 0 ? 1 : 0);
    if (currentBytes + size > budgetBytes) flush();
    current.push(line);
    currentBytes += bytes(line) + (current.length > 1 ? 1 : 0);
  };
  for (const block of blocks(message.split('\n'))) {
    const blockBytes = bytes(block.lines.join('\n'));
    if (block.table && blockBytes <= budgetBytes) {
      if (currentBytes + blockBytes + 1 > budgetBytes) flush();
      for (const line of block.lines) add(line);
      continue;
    }
    if (block.table) {
      const header = block.lines.length > 1 && isTableSeparator(block.lines[1]) ? block.lines.slice(0, 2) : [];
      const headerBytes = bytes(header.join('\n'));
      flush();
      for (const line of header) add(line);
      for (const row of block.lines.slice(header.length)) {
        if (current.length > 0 && currentBytes + 1 + bytes(row) > budgetBytes) {
          flush();
          if (header.length > 0 && headerBytes + 1 + bytes(row) <= budgetBytes) for (const line of header) add(line);
        }
        // A single row bigger than a whole message cannot stay whole; it is the one exception.
        if (bytes(row) > budgetBytes) for (const piece of cutLine(row, budgetBytes)) add(piece);
        else add(row);
      }
      flush();
      continue;
    }
    for (const line of block.lines) {
      if (bytes(line) > budgetBytes) {
        flush();
        for (const piece of cutLine(line, budgetBytes)) add(piece);
      } else add(line);
    }
  }
  flush();
  return parts;
}
