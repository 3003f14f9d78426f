import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translate } from '../../src/bot/i18n.js';
import { isValidStoredValue } from '../../src/domain/setting-values.js';
import {
  crossCheck,
  formatSettingValue,
  parseSettingValue,
  SETTINGS,
  type SettingDefaults,
  SettingValidationError,
  type SettingValue,
  settingDefinition,
  settingsWithPrefix,
} from '../../src/domain/settings.js';

const defaults: SettingDefaults = { alertCron: '*/5 * * * *', exchanges: ['htx', 'binance'], locale: 'zh-CN' };
const definition = (key: string) => {
  const found = settingDefinition(key);
  assert.ok(found, `setting ${key} exists`);
  return found;
};
const parse = (key: string, raw: string) => parseSettingValue(definition(key), raw);

/** The refusal, rendered as the admin would read it in Chinese. */
function refusal(key: string, raw: string): string {
  try {
    parse(key, raw);
  } catch (error) {
    assert.ok(error instanceof SettingValidationError);
    assert.equal(error.key, key);
    return translate('zh-CN', error.messageKey, error.params);
  }
  assert.fail(`${key}=${raw} was accepted`);
}

describe('settings registry', () => {
  test('every setting has a description and unit in both languages, and a default that validates', () => {
    for (const setting of SETTINGS) {
      for (const locale of ['zh-CN', 'en'] as const) {
        assert.notEqual(translate(locale, setting.descriptionKey), setting.descriptionKey, `${locale} description of ${setting.key}`);
        assert.notEqual(translate(locale, `setting.unit.${setting.unit}`), `setting.unit.${setting.unit}`);
      }
      const value = setting.defaultValue(defaults);
      assert.ok(isValidStoredValue(setting, value), `default of ${setting.key} is valid`);
      // What is shown can be typed back: format and parse agree.
      assert.deepEqual(parseSettingValue(setting, formatSettingValue(setting, value)), value);
    }
  });

  test('the issue lists these settings; environment values are the defaults', () => {
    const keys = SETTINGS.map((setting) => setting.key);
    for (const key of ['alerts.cron', 'alerts.percentile_low', 'alerts.metric', 'alerts.min_samples', 'alerts.history_window', 'alerts.unhedged_after',
      'alerts.roundtrip_window', 'alerts.roundtrip_amount_tolerance', 'alerts.roundtrip_scope', 'matching.tolerance', 'matching.max_lag',
      'coin.notional', 'coin.exchanges', 'liq.paths', 'liq.max_paths', 'locale']) {
      assert.ok(keys.includes(key), key);
    }
    assert.equal(definition('alerts.cron').defaultValue({ ...defaults, alertCron: '0 * * * *' }), '0 * * * *');
    assert.deepEqual(definition('coin.exchanges').defaultValue(defaults), ['htx', 'binance']);
    assert.equal(definition('alerts.cron').envVariable, 'ALERT_CRON');
  });

  test('prefix selection', () => {
    assert.deepEqual(settingsWithPrefix('matching').map((s) => s.key), ['matching.tolerance', 'matching.max_lag']);
    assert.equal(settingsWithPrefix('').length, SETTINGS.length);
    assert.deepEqual(settingsWithPrefix('nothing'), []);
  });
});

describe('setting values', () => {
  test('durations: units required, ranges enforced, shown in days at most', () => {
    assert.equal(parse('alerts.unhedged_after', '15m'), 900_000);
    assert.equal(parse('alerts.unhedged_after', '1h30m'), 5_400_000);
    assert.equal(refusal('alerts.unhedged_after', '15'), '「15」缺少单位，请写成 15m（分钟）、15h（小时）等');
    assert.match(refusal('alerts.unhedged_after', '15kg'), /「15kg」不是时长/);
    assert.equal(refusal('alerts.unhedged_after', '30s'), '30s 超出允许范围 1m ~ 1d');
    assert.equal(formatSettingValue(definition('alerts.history_window'), 30 * 86_400_000), '30d');
  });

  test('percentiles: numbers in range; a unit where none belongs is refused', () => {
    assert.equal(parse('alerts.percentile_low', '2.5'), 2.5);
    assert.equal(parse('alerts.percentile_high', '97%'), 97);
    assert.equal(refusal('alerts.percentile_high', '150'), '150 超出允许范围 50.1 ~ 99.9');
    assert.equal(refusal('alerts.percentile_low', '50'), '50 超出允许范围 0.1 ~ 49.9');
    assert.match(refusal('alerts.percentile_low', '5m'), /「5m」不是数字/);
    assert.match(refusal('alerts.percentile_low', ''), /不是数字/);
  });

  test('fractions accept percent; integers refuse decimals; big numbers accept separators', () => {
    assert.equal(parse('matching.tolerance', '2%'), 0.02);
    assert.equal(parse('matching.tolerance', '0.005'), 0.005);
    assert.match(refusal('matching.tolerance', '20%'), /0\.2 超出允许范围 0 ~ 0\.1/);
    assert.equal(parse('coin.notional', '250,000'), 250_000);
    assert.equal(parse('liq.paths', '50_000'), 50_000);
    assert.equal(refusal('alerts.min_samples', '2.5'), '「2.5」须为整数');
  });

  test('cron: validated, quoted hint, no every-second schedules', () => {
    assert.equal(parse('alerts.cron', ' */10 * * * * '), '*/10 * * * *');
    assert.match(refusal('alerts.cron', '*/10 * * *'), /不是有效的 cron 表达式/);
    assert.match(refusal('alerts.cron', '61 * * * *'), /不是有效的 cron 表达式/);
    assert.match(refusal('alerts.cron', '* * * * * *'), /太频繁/);
    assert.equal(parse('alerts.cron', '0 */2 * * * *'), '0 */2 * * * *');
  });

  test('choices are case-insensitive and canonical; lists are venue ids', () => {
    assert.equal(parse('locale', 'EN'), 'en');
    assert.equal(parse('alerts.metric', 'PNL'), 'pnl');
    assert.equal(refusal('alerts.metric', 'bps'), '「bps」不是可选值，可选：pnl_bps, pnl');
    assert.deepEqual(parse('coin.exchanges', 'Binance, okx，okx'), ['binance', 'okx']);
    assert.match(refusal('coin.exchanges', 'binance,o k-x'), /「k-x」不是交易所代码/);
    assert.match(refusal('coin.exchanges', ' , '), /至少写一个交易所/);
  });

  test('cross-setting rules look at the combined result', () => {
    const values = new Map<string, SettingValue>(SETTINGS.map((s) => [s.key, s.defaultValue(defaults)]));
    assert.deepEqual(crossCheck(values), []);
    values.set('liq.ltv', 0.85);
    values.set('liq.paths', 2_000_000);
    assert.deepEqual(crossCheck(values).map((p) => p.messageKey), ['setting.error.ltvOrder', 'setting.error.pathsOverMax']);
  });

  test('stored values that no longer fit are recognised', () => {
    assert.equal(isValidStoredValue(definition('alerts.unhedged_after'), 600_000), true);
    assert.equal(isValidStoredValue(definition('alerts.unhedged_after'), '10m'), false);
    assert.equal(isValidStoredValue(definition('alerts.percentile_high'), 150), false);
    assert.equal(isValidStoredValue(definition('coin.exchanges'), 'binance'), false);
  });
});
