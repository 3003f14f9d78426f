// Long replies are split under DingTalk's 20,000-byte limit at line boundaries, tables kept whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DINGTALK_MESSAGE_LIMIT_BYTES, splitMessage } from '../../../src/bot/dingtalk/split-message.js';

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '.', '盈', '亏', 'é', '🙂'), maxLength: 12 });
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 30 }))
  .chain(([columns, rows]) =>
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }).map((body) => {
      const header = `| ${Array.from({ length: columns }, (_, i) => `col${i}`).join(' | ')} |`;
      const separator = `|${' --- |'.repeat(columns)}`;
      return [header, separator, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
    }),
  );
const paragraph = fc.array(fc.string({ unit: fc.constantFrom('x', 'y', ' ', '计', '算', '#', '-'), maxLength: 80 }), { minLength: 1, maxLength: 5 }).map((lines) =>
  lines.map((line) => line.replace(/^\s*\|/, '')).join('\n'),
);
const document = fc.array(fc.oneof(table, paragraph), { minLength: 1, maxLength: 12 }).map((blocks) => blocks.join('\n\n'));

test('every part fits, nothing is lost, and a table that fits in one part is never cut', () => {
  fc.assert(
    fc.property(document, fc.integer({ min: 200, max: 3000 }), (message, budget) => {
      const parts = splitMessage(message, budget);
      for (const part of parts) assert.ok(bytes(part) <= budget, `part of ${bytes(part)} bytes over ${budget}`);
      // Nothing lost or reordered (oversized tables repeat their header, so compare without repeats).
      const kept = parts.join('\n').split('\n');
      const original = message.split('\n');
      let at = 0;
      for (const line of original) {
        while (at < kept.length && kept[at] !== line) at += 1;
        assert.ok(at < kept.length, `line lost: ${JSON.stringify(line)}`);
        at += 1;
      }
      for (const block of message.split('\n\n').filter((b) => b.startsWith('|'))) {
        if (bytes(block) <= budget) assert.ok(parts.some((part) => part.includes(block)), 'table kept whole');
      }
    }),
    { numRuns: 300, seed: 4242 },
  );
});

test('a table too large for one message is cut between rows, each part starting with its header', () => {
  const header = '| coin | pnl |\n| --- | --- |';
  const rows = Array.from({ length: 3000 }, (_, i) => `| BTC${i} | ${i * 1.5} |`);
  const parts = splitMessage([header, ...rows].join('\n'));
  assert.ok(parts.length > 1);
  for (const part of parts) {
    assert.ok(bytes(part) < DINGTALK_MESSAGE_LIMIT_BYTES);
    assert.ok(part.startsWith(header), 'header repeated');
    for (const line of part.split('\n')) assert.match(line, /^\| .* \|$/, 'no row cut');
  }
  assert.equal(parts.reduce((sum, part) => sum + part.split('\n').length - 2, 0), rows.length);
});

test('a short message is left alone and an over-long line is cut without breaking a character', () => {
  assert.deepEqual(splitMessage('/help 的回复'), ['/help 的回复']);
  const parts = splitMessage('盈'.repeat(10_000), 1000);
  assert.ok(parts.every((part) => bytes(part) <= 1000));
  assert.equal(parts.join(''), '盈'.repeat(10_000));
});
