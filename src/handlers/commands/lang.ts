import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { translator } from '../../bot/i18n.js';
import { text } from '../../bot/reply.js';
import type { Locale } from '../../config.js';

// What people type for each language; the stored value is the locale.
const SPELLINGS: Record<string, Locale> = { zh: 'zh-CN', 'zh-cn': 'zh-CN', cn: 'zh-CN', 中文: 'zh-CN', 汉语: 'zh-CN', en: 'en', english: 'en', 英文: 'en', 英语: 'en' };

export const command = defineCommand({
  name: 'lang',
  aliases: ['语言'],
  minRole: 'anyone',
  summaryKey: 'lang.summary',
  usage: '/lang [en|zh]',
  examples: ['/lang en', '/lang zh', '/lang'],
  positional: ['language'],
  args: z.object({ language: z.string().optional() }).strict(),
  async run(ctx, args) {
    const { preferences } = ctx.services;
    if (!args.language) {
      const stored = await preferences.localeOf(ctx.user.staffId);
      const language = ctx.t(`lang.${ctx.locale}`) + (stored ? '' : ctx.t('lang.default'));
      return text(ctx.t('lang.current', { language }));
    }
    const locale = SPELLINGS[args.language.trim().toLowerCase()];
    if (!locale) throw new UserError('lang.unknown', { value: args.language.slice(0, 20) });
    await preferences.setLocale(ctx.user.staffId, locale);
    // Answer in the language just chosen: that is the proof it worked.
    return text(translator(locale)('lang.set'));
  },
});
