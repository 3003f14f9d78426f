import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { proposeChanges, type RequestedChanges } from '../config/change.js';
import { settingHistory } from '../config/history.js';
import { findSetting } from '../config/keys.js';
import { showSettings } from '../config/show.js';

type Action = 'show' | 'set' | 'reset' | 'history';
const ACTIONS: Record<string, Action> = {
  show: 'show',
  查看: 'show',
  set: 'set',
  修改: 'set',
  设置: 'set',
  reset: 'reset',
  恢复: 'reset',
  重置: 'reset',
  history: 'history',
  历史: 'history',
  记录: 'history',
};

export const command = defineCommand({
  name: 'config',
  aliases: ['配置'],
  minRole: 'admin',
  summaryKey: 'config.summary',
  detailKey: 'config.detail',
  usage: '/config [show [PREFIX] | set KEY=VALUE … | reset KEY … | history KEY]',
  examples: ['/config show alerts', '/config set alerts.unhedged_after=15m alerts.percentile_high=97', '/config reset alerts.unhedged_after', '/config history alerts.cron'],
  positional: ['action', 'items'],
  restPositional: true,
  // Setting assignments arrive as named arguments (alerts.unhedged_after=15m), so any name is accepted here.
  args: z.object({ action: z.string().optional(), items: z.array(z.string()).default([]) }).catchall(z.string()),
  async run(ctx, args) {
    const { action: typed, items, ...named } = args;
    const assignments = Object.entries(named as Record<string, string>);
    let action = typed ? ACTIONS[typed.toLowerCase()] : undefined;
    let rest = items;
    // "/config alerts" shows a prefix; "/config alerts.cron=…" is a set without the word.
    if (typed && !action) rest = [typed, ...items];
    action ??= assignments.length > 0 ? 'set' : 'show';
    switch (action) {
      case 'show':
        if (assignments.length > 0) throw new UserError('core.unknownArguments', { names: assignments.map(([key]) => key).join(', ') });
        if (rest.length > 1) throw new UserError('core.tooManyArguments', { value: rest[1] });
        return showSettings(ctx, rest[0]);
      case 'set':
        return proposeChanges(ctx, assignmentsOf(assignments, rest), false);
      case 'reset':
        if (rest.length === 0) throw new UserError('config.needKey', { action: 'reset' });
        return proposeChanges(ctx, new Map(rest.map((key) => [key, null])), true);
      case 'history':
        if (rest.length > 1) throw new UserError('core.tooManyArguments', { value: rest[1] });
        return settingHistory(ctx, rest[0]);
    }
  },
});

function assignmentsOf(assignments: [string, string][], leftovers: string[]): RequestedChanges {
  if (assignments.length === 0) throw new UserError('config.needAssignments');
  if (leftovers.length === 0) return new Map(assignments);
  // An unquoted cron (alerts.cron=*/10 * * * *) splits at its spaces: glue the fields back when it
  // is the only assignment, so the admin does not have to know about quoting.
  const [only] = assignments;
  if (assignments.length === 1 && findSetting(only[0])?.type === 'cron' && leftovers.every((field) => /^[\d*/,\-?A-Za-z]+$/.test(field))) {
    return new Map([[only[0], [only[1], ...leftovers].join(' ')]]);
  }
  throw new UserError('config.notAssignment', { value: leftovers[0].slice(0, 40) }, { showUsage: false });
}
