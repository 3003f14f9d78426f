// Usage text for one command, shared by /help CMD and argument errors so they never disagree.
import type { CommandDefinition } from './command.js';
import type { Translate } from './i18n.js';

export function commandUsage(command: CommandDefinition, t: Translate): string {
  const aliases = command.aliases.length > 0 ? ` (${command.aliases.map((alias) => `/${alias}`).join(' ')})` : '';
  const lines = [
    `${t('core.usage')}: ${command.usage}${aliases}`,
    ...command.examples.map((example, index) => `${index === 0 ? t('core.examples') : ' '.repeat(t('core.examples').length)}: ${example}`),
  ];
  return lines.join('\n');
}
