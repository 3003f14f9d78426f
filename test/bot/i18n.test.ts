import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingTranslations, translate } from '../../src/bot/i18n.js';

test('every message exists in both zh-CN and en', () => {
  assert.deepEqual(missingTranslations(), []);
});

test('parameters are filled; unknown keys fall back to the key itself', () => {
  assert.equal(translate('zh-CN', 'core.internalError', { id: 'abcd1234' }), '内部错误 (错误编号 abcd1234)，请把编号告诉管理员。');
  assert.equal(translate('en', 'core.unknownCommand', { name: 'x' }), 'Unknown command /x. Send /help to see the commands.');
  assert.equal(translate('en', 'no.such.key'), 'no.such.key');
});
