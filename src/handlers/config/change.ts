// /config set KEY=VALUE … and /config reset KEY …: every value is validated together with the
// others first (nothing is half-applied), the admin sees a before/after diff, and the change is
// applied only by /confirm CODE. The confirmed action re-checks that nobody changed those keys since.
import type { CommandContext } from '../../bot/command.js';
import { defineConfirmableAction } from '../../bot/confirmations.js';
import { UserError } from '../../bot/errors.js';
import { markdownTable } from '../../bot/format.js';
import type { Translate } from '../../bot/i18n.js';
import { markdown, type ReplyPart, text } from '../../bot/reply.js';
import { type SettingsSnapshot, sameValue } from '../../adapters/db/settings-repository.js';
import {
  crossCheck,
  parseSettingValue,
  type SettingDefinition,
  SettingValidationError,
  type SettingValue,
  settingDefinition,
} from '../../domain/settings.js';
import { findSetting, showValue, unknownKeyMessage } from './keys.js';

/** What the admin asked: a raw value to set, or null to reset to the default. */
export type RequestedChanges = Map<string, string | null>;

interface ApplyPayload {
  /** [key, new value or null for the default] */
  changes: [string, SettingValue | null][];
  /** [key, value the admin saw as "before"] */
  expected: [string, SettingValue][];
}

const applySettings = defineConfirmableAction<ApplyPayload>({
  kind: 'settings.apply',
  minRole: 'admin',
  async run(ctx, payload) {
    const result = await ctx.services.settings.apply(
      new Map(payload.changes),
      { staffId: ctx.user.staffId, nick: ctx.user.nick, conversationId: ctx.conversation.id },
      { expected: new Map(payload.expected) },
    );
    if (!result.ok) throw invalid(result.problems.map((problem) => problemLine(ctx.t, problem)));
    const rows = result.changed.map(({ key, before, after }) => diffRow(ctx.t, settingDefinition(key) as SettingDefinition, before, after));
    const restart = result.changed.filter(({ key }) => !settingDefinition(key)?.live).map(({ key }) => key);
    const title = ctx.t('config.appliedTitle');
    const lines = [`### ${title}`, '', ctx.t('config.applied', { count: result.changed.length }), '', diffTable(ctx.t, rows)];
    if (restart.length > 0) lines.push('', ctx.t('config.appliedRestart', { keys: restart.join('、') }));
    return markdown(title, lines.join('\n'));
  },
});

export async function proposeChanges(ctx: CommandContext, requested: RequestedChanges, reset: boolean): Promise<ReplyPart> {
  const snapshot = await ctx.services.settings.snapshot();
  const problems: string[] = [];
  const parsed = new Map<string, SettingValue | null>();
  for (const [typedKey, raw] of requested) {
    const definition = findSetting(typedKey);
    if (!definition) problems.push(unknownKeyMessage(ctx.t, typedKey));
    else {
      try {
        parsed.set(definition.key, raw === null ? null : parseSettingValue(definition, raw));
      } catch (error) {
        if (!(error instanceof SettingValidationError)) throw error;
        problems.push(problemLine(ctx.t, error));
      }
    }
  }
  if (problems.length === 0) problems.push(...crossCheck(combined(snapshot, parsed)).map((problem) => problemLine(ctx.t, problem)));
  if (problems.length > 0) throw invalid(problems);

  const effective = [...parsed].filter(([key, value]) => {
    const entry = snapshot.entries.get(key);
    return entry && (value === null ? entry.source === 'database' : !sameValue(value, entry.value));
  });
  const unchanged = [...parsed.keys()].filter((key) => !effective.some(([changed]) => changed === key));
  if (effective.length === 0) return text(ctx.t(reset ? 'config.alreadyDefault' : 'config.unchanged', { keys: unchanged.join('、') }));

  const before = (key: string) => snapshot.entries.get(key)?.value as SettingValue;
  const pending = await ctx.services.confirmations.request(ctx, applySettings, {
    changes: effective,
    expected: effective.map(([key]) => [key, before(key)]),
  });
  const rows = effective.map(([key, value]) =>
    diffRow(ctx.t, settingDefinition(key) as SettingDefinition, before(key), value ?? (snapshot.entries.get(key)?.defaultValue as SettingValue)),
  );
  const title = ctx.t('config.diffTitle');
  const lines = [`### ${title}`, '', diffTable(ctx.t, rows)];
  if (unchanged.length > 0) lines.push('', ctx.t(reset ? 'config.alreadyDefault' : 'config.unchanged', { keys: unchanged.join('、') }));
  lines.push('', `**${pending.prompt}**`);
  return markdown(title, lines.join('\n'));
}

/** The full set of values as it would be after the change, for the cross-setting rules. */
function combined(snapshot: SettingsSnapshot, parsed: Map<string, SettingValue | null>): Map<string, SettingValue> {
  const values = new Map([...snapshot.entries].map(([key, entry]) => [key, entry.value]));
  for (const [key, value] of parsed) values.set(key, value ?? (snapshot.entries.get(key)?.defaultValue as SettingValue));
  return values;
}

function diffRow(t: Translate, definition: SettingDefinition, before: SettingValue, after: SettingValue): string[] {
  return [definition.key, showValue(definition, before), showValue(definition, after), definition.live ? t('config.live') : t('config.restartNeeded')];
}

function diffTable(t: Translate, rows: string[][]): string {
  return markdownTable(t('config.diffColumns').split('|'), rows);
}

function problemLine(t: Translate, problem: SettingValidationError): string {
  return t('config.problem', { key: problem.key, message: t(problem.messageKey, problem.params) });
}

function invalid(problems: string[]): UserError {
  return new UserError('config.invalidList', { problems: problems.map((line) => (line.startsWith('•') ? line : `• ${line}`)).join('\n') }, { showUsage: false });
}
