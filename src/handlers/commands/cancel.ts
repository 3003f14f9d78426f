import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';

export const command = defineCommand({
  name: 'cancel',
  aliases: ['取消'],
  minRole: 'anyone',
  summaryKey: 'cancel.summary',
  usage: '/cancel CODE',
  examples: ['/cancel 482913'],
  positional: ['code'],
  args: z.object({ code: z.string().min(1) }).strict(),
  run: (ctx, args) => ctx.services.confirmations.cancel(ctx, args.code),
});
