// Subscription changes for one conversation, each with its audit row in the same transaction.
// removeSubscriptions is the one place /unsubscribe removes, so a confirmation step can wrap it.
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import { withTransaction } from '../../adapters/db/pool.js';
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { type Reply, text } from '../../bot/reply.js';
import { ALERT_TYPES, type AlertType, isAlertType } from '../../domain/alerts/types.js';

/** `all` or nothing means every type; anything unknown is a user error naming it. */
export function parseAlertTypes(words: readonly string[]): AlertType[] {
  const wanted = words.flatMap((word) => word.split(/[,，]/)).map((word) => word.trim().toLowerCase()).filter(Boolean);
  if (wanted.length === 0 || wanted.includes('all')) return [...ALERT_TYPES];
  for (const word of wanted) if (!isAlertType(word)) throw new UserError('alerts.unknownType', { type: word.slice(0, 40) });
  return ALERT_TYPES.filter((type) => wanted.includes(type));
}

export function describeTypes(ctx: Pick<CommandContext, 't'>, types: readonly AlertType[]): string {
  const ordered = ALERT_TYPES.filter((type) => types.includes(type));
  return ordered.length === 0 ? ctx.t('alerts.none') : ordered.map((type) => `${type}（${ctx.t(`alerts.type.${type}`)}）`).join('、');
}

function auditEntry(ctx: CommandContext, action: string, before: AlertType[], after: AlertType[]) {
  return {
    actorStaffId: ctx.user.staffId,
    actorNick: ctx.user.nick,
    conversationId: ctx.conversation.id,
    action,
    subject: `conversation:${ctx.conversation.id}`,
    before: { alertTypes: before },
    after: { alertTypes: after },
  };
}

export async function addSubscriptions(ctx: CommandContext, types: AlertType[]): Promise<Reply> {
  const alerts = createAlertRepository(ctx.services.db);
  const after = await withTransaction(ctx.services.db, async (client) => {
    const before = await alerts.subscriptions(ctx.conversation.id, client);
    await alerts.subscribe(ctx.conversation.id, types, ctx.user.staffId, client);
    const now = await alerts.subscriptions(ctx.conversation.id, client);
    await ctx.services.audit.record(auditEntry(ctx, 'alerts.subscribe', before, now), client);
    return now;
  });
  return text(ctx.t('alerts.subscribed', { added: describeTypes(ctx, types), types: describeTypes(ctx, after) }));
}

/** Removes the types here; alerts of those types not yet batched for this conversation are dropped. */
export async function removeSubscriptions(ctx: CommandContext, payload: { types: AlertType[] }): Promise<Reply> {
  const alerts = createAlertRepository(ctx.services.db);
  const after = await withTransaction(ctx.services.db, async (client) => {
    const before = await alerts.subscriptions(ctx.conversation.id, client);
    await alerts.unsubscribe(ctx.conversation.id, payload.types, client);
    await client.query(
      `DELETE FROM otc_bot.alert_deliveries d USING otc_bot.alert_outbox o
        WHERE d.alert_id = o.id AND d.conversation_id = $1 AND d.status = 'pending' AND o.alert_type = ANY($2::text[])`,
      [ctx.conversation.id, payload.types],
    );
    const now = await alerts.subscriptions(ctx.conversation.id, client);
    await ctx.services.audit.record(auditEntry(ctx, 'alerts.unsubscribe', before, now), client);
    return now;
  });
  return text(ctx.t('alerts.unsubscribed', { removed: describeTypes(ctx, payload.types), types: describeTypes(ctx, after) }));
}
