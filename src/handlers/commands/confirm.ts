import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';

// Anyone allowed may type it; the confirmation service checks it is the same user who asked and
// that they still hold the role the action needs.
export const command = defineCommand({
  name: 'confirm',
  aliases: ['确认'],
  minRole: 'anyone',
  summaryKey: 'confirm.summary',
  usage: '/confirm CODE',
  examples: ['/confirm 482913'],
  positional: ['code'],
  args: z.object({ code: z.string().min(1) }).strict(),
  run: (ctx, args) => ctx.services.confirmations.confirm(ctx, args.code),
});
