import { z } from 'zod';
import { defineCommand } from '../../bot/command.js';
import { askToConfirm, defineConfirmableAction } from '../../bot/confirmations.js';
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import type { AlertType } from '../../domain/alerts/types.js';
import { describeTypes, parseAlertTypes, removeSubscriptions } from '../alerts/subscriptions.js';

// A group that stops receiving alerts may miss the next incident: removing asks for /confirm (issue 9).
const confirmRemoval = defineConfirmableAction<{ types: AlertType[] }>({ kind: 'alerts.unsubscribe', minRole: 'admin', run: removeSubscriptions });

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
    const types = parseAlertTypes(args.types);
    const current = await createAlertRepository(ctx.services.db).subscriptions(ctx.conversation.id);
    const removing = types.filter((type) => current.includes(type));
    // Nothing subscribed among them: nothing to lose, so no confirmation (the reply shows what remains).
    if (removing.length === 0) return removeSubscriptions(ctx, { types });
    return askToConfirm(ctx, confirmRemoval, { types }, ctx.t('confirm.unsubscribe', { types: describeTypes(ctx, removing) }));
  },
});
