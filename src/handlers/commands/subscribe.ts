import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { text } from '../../bot/reply.js';
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import { addSubscriptions, describeTypes, parseAlertTypes } from '../alerts/subscriptions.js';

export const command = defineCommand({
  name: 'subscribe',
  aliases: ['订阅'],
  minRole: 'admin',
  summaryKey: 'subscribe.summary',
  usage: '/subscribe [pnl|lag|unhedged|roundtrip|system|all …]',
  examples: ['/subscribe all', '/subscribe pnl unhedged roundtrip', '/subscribe'],
  positional: ['types'],
  restPositional: true,
  args: z.object({ types: z.array(z.string()).default([]) }).strict(),
  async run(ctx, args) {
    // No types: show what this conversation receives rather than guessing "all".
    if (args.types.length === 0) {
      const current = await createAlertRepository(ctx.services.db).subscriptions(ctx.conversation.id);
      return text(ctx.t('alerts.subscriptionsHere', { types: describeTypes(ctx, current) }));
    }
    return addSubscriptions(ctx, parseAlertTypes(args.types));
  },
});
