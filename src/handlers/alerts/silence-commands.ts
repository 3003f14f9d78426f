// /alerts mute and /alerts unmute: a silence says who, why and until when; both write an audit row.
import { createAlertRepository } from '../../adapters/db/alert-repository.js';
import { withTransaction } from '../../adapters/db/pool.js';
import type { CommandContext } from '../../bot/command.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime } from '../../bot/format.js';
import { type ReplyPart, text } from '../../bot/reply.js';
import { describeMatcher, isActive, parseSilenceTarget } from '../../domain/alerts/silences.js';
import { parseDuration } from '../../domain/duration.js';

const MAX_SILENCE_MS = 30 * 86_400_000;

export async function mute(ctx: CommandContext, words: string[], named: { coin?: string; client?: string }): Promise<ReplyPart> {
  const byName = Boolean(named.coin || named.client);
  const [targetText, durationText, ...reasonWords] = byName ? [undefined, ...words] : words;
  const matcher = parseSilenceTarget({ text: targetText, coin: named.coin, client: named.client });
  if (!matcher) throw new UserError('alerts.mute.badTarget', { target: (targetText ?? '').slice(0, 60) });
  const ms = durationText ? parseDuration(durationText) : null;
  if (ms === null || ms <= 0 || ms > MAX_SILENCE_MS) throw new UserError('alerts.mute.badDuration', { value: (durationText ?? '').slice(0, 40) });
  const reason = reasonWords.join(' ').trim();
  if (!reason) throw new UserError('alerts.mute.needReason');
  const now = ctx.clock.now();
  const alerts = createAlertRepository(ctx.services.db);
  const silence = await withTransaction(ctx.services.db, async (client) => {
    const created = await alerts.addSilence(
      { matcher, reason, createdBy: ctx.user.staffId, createdNick: ctx.user.nick, startsAt: now, endsAt: new Date(now.getTime() + ms) },
      client,
    );
    await ctx.services.audit.record(
      { actorStaffId: ctx.user.staffId, actorNick: ctx.user.nick, conversationId: ctx.conversation.id, action: 'alerts.mute', subject: `silence:${created.id}`, before: null, after: { target: describeMatcher(matcher), until: created.endsAt.toISOString(), reason } },
      client,
    );
    return created;
  });
  return text(ctx.t('alerts.mute.done', { id: silence.id, target: describeMatcher(matcher), until: formatDateTime(silence.endsAt, ctx.services.config.timeZone), reason }));
}

export async function unmute(ctx: CommandContext, idText: string | undefined): Promise<ReplyPart> {
  const id = Number(String(idText ?? '').replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) throw new UserError('alerts.unmute.needId');
  const now = ctx.clock.now();
  const alerts = createAlertRepository(ctx.services.db);
  const silence = await withTransaction(ctx.services.db, async (client) => {
    const found = await alerts.silence(id, client);
    if (!found || !isActive(found, now)) return null;
    await alerts.cancelSilence(id, ctx.user.staffId, now, client);
    await ctx.services.audit.record(
      { actorStaffId: ctx.user.staffId, actorNick: ctx.user.nick, conversationId: ctx.conversation.id, action: 'alerts.unmute', subject: `silence:${id}`, before: { target: describeMatcher(found.matcher), until: found.endsAt.toISOString(), reason: found.reason }, after: null },
      client,
    );
    return found;
  });
  if (!silence) throw new UserError('alerts.unmute.missing', { id }, { showUsage: false });
  return text(ctx.t('alerts.unmute.done', { id, target: describeMatcher(silence.matcher) }));
}
