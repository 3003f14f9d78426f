import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { parseAlertTypes, removeSubscriptions } from '../alerts/subscriptions.js';

export const command = defineCommand({
  name: 'unsubscribe',
  aliases: ['退订'],
  minRole: 'admin',
  summaryKey: 'unsubscribe.summary',
  usage: '/unsubscribe [pnl|lag|unhedged|roundtrip|system|all …]',
  examples: ['/unsubscribe lag', '/unsubscribe all'],
  positional: ['types'],
  restPositional: true,
  args: z.object({ types: z.array(z.string()).default([]) }).strict(),
  async run(ctx, args) {
    return removeSubscriptions(ctx, { types: parseAlertTypes(args.types) });
  },
});
