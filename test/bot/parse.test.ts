import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommandLine } from '../../src/bot/parse.js';

describe('parseCommandLine', () => {
  test('plain command with positional and key=value arguments', () => {
    assert.deepEqual(parseCommandLine('/pnl 7d by=coin'), { name: 'pnl', positional: ['7d'], named: { by: 'coin' } });
  });

  test('an @mention before the command, full-width slash and ideographic spaces', () => {
    assert.deepEqual(parseCommandLine('@风控机器人 ／pnl\u3000 30d   by=method '), {
      name: 'pnl',
      positional: ['30d'],
      named: { by: 'method' },
    });
    assert.deepEqual(parseCommandLine('@bot @other /help'), { name: 'help', positional: [], named: {} });
  });

  test('Chinese alias names and full-width equals sign', () => {
    assert.deepEqual(parseCommandLine('/盈亏 7d by＝coin'), { name: '盈亏', positional: ['7d'], named: { by: 'coin' } });
  });

  test('quotes group words; a quoted token is never key=value', () => {
    assert.deepEqual(parseCommandLine('/alerts mute pnl 1h "planned maintenance window"'), {
      name: 'alerts',
      positional: ['mute', 'pnl', '1h', 'planned maintenance window'],
      named: {},
    });
    assert.deepEqual(parseCommandLine('/x reason="two words" “中文 引号” "a=b"'), {
      name: 'x',
      positional: ['中文 引号', 'a=b'],
      named: { reason: 'two words' },
    });
  });

  test('command names are case-insensitive; keys are lower-cased', () => {
    assert.deepEqual(parseCommandLine('/PnL Coin=BTC'), { name: 'pnl', positional: [], named: { coin: 'BTC' } });
  });

  test('lines that are not commands', () => {
    assert.equal(parseCommandLine('hello'), null);
    assert.equal(parseCommandLine(''), null);
    assert.equal(parseCommandLine('@bot'), null);
    assert.equal(parseCommandLine('/'), null);
    assert.equal(parseCommandLine('   /   '), null);
  });
});
