import { z } from 'zod';
import type { CommandContext } from '../../bot/command.js';
import { defineCommand } from '../../bot/command.js';
import { askToConfirm, defineConfirmableAction } from '../../bot/confirmations.js';
import { UserError } from '../../bot/errors.js';
import { formatDateTime, markdownTable } from '../../bot/format.js';
import { markdown, text } from '../../bot/reply.js';
import type { Subject } from '../../adapters/db/role-repository.js';
import { withTransaction } from '../../adapters/db/pool.js';
import { isRole, type Role } from '../../domain/roles.js';

export const command = defineCommand({
  name: 'role',
  aliases: ['权限'],
  minRole: 'admin',
  summaryKey: 'role.summary',
  usage: '/role [list | grant ROLE @user|here | revoke ROLE @user|here]',
  examples: ['/role list', '/role grant trader @张三', '/role grant risk here', '/role revoke trader @张三'],
  positional: ['action', 'role', 'targets'],
  restPositional: true,
  args: z
    .object({
      action: z.enum(['list', 'grant', 'revoke']).default('list'),
      role: z.string().optional(),
      targets: z.array(z.string()).default([]),
    })
    .strict(),
  async run(ctx, args) {
    if (args.action === 'list') return listGrants(ctx);
    const role = args.role?.toLowerCase();
    if (!role || !isRole(role)) throw new UserError('role.unknownRole', { role: args.role ?? '' });
    const subjects = resolveSubjects(ctx, args.targets);
    if (args.action === 'grant' && role === 'admin') return askToGrantAdmin(ctx, subjects);
    const lines: string[] = [];
    for (const subject of subjects) {
      lines.push(args.action === 'grant' ? await grant(ctx, subject, role) : await revoke(ctx, subject, role));
    }
    return text(lines.join('\n'));
  },
});

// Granting admin hands over settings, roles and the audit log: it waits for /confirm CODE.
const grantAdmin = defineConfirmableAction<{ subjects: Subject[] }>({
  kind: 'role.grantAdmin',
  minRole: 'admin',
  async run(ctx, payload) {
    const lines: string[] = [];
    for (const subject of payload.subjects) lines.push(await grant(ctx, subject, 'admin'));
    return text(lines.join('\n'));
  },
});

function askToGrantAdmin(ctx: CommandContext, subjects: Subject[]) {
  const preview = ctx.t('role.confirmGrantAdmin', { subjects: subjects.map((subject) => describe(ctx, subject)).join('、') });
  return askToConfirm(ctx, grantAdmin, { subjects }, preview);
}

function resolveSubjects(ctx: CommandContext, targets: string[]): Subject[] {
  if (targets.some((target) => target.toLowerCase() === 'here')) {
    return [{ kind: 'conversation', id: ctx.conversation.id, displayName: ctx.conversation.title }];
  }
  // DingTalk gives the mentioned staff ids separately; the console and CLI write @staffId in the text.
  const mentioned = ctx.mentions.length > 0 ? ctx.mentions : targets.filter((t) => t.startsWith('@') && t.length > 1).map((t) => t.slice(1));
  if (mentioned.length === 0) throw new UserError('role.needTarget');
  return mentioned.map((id) => ({ kind: 'user', id }));
}

function describe(ctx: CommandContext, subject: Subject): string {
  return subject.kind === 'conversation' ? `${ctx.t('role.conversation')} ${subject.displayName ?? subject.id}` : `@${subject.displayName ?? subject.id}`;
}

async function grant(ctx: CommandContext, subject: Subject, role: Role): Promise<string> {
  const { roles, audit, db } = ctx.services;
  const before = await withTransaction(db, async (client) => {
    const previous = await roles.grant(subject, role, ctx.user.staffId, client);
    await audit.record(auditEntry(ctx, 'role.grant', subject, previous, role), client);
    return previous;
  });
  return ctx.t('role.granted', { subject: describe(ctx, subject), role: ctx.t(`role.${role}`), before: before ? ctx.t(`role.${before}`) : ctx.t('role.none') });
}

async function revoke(ctx: CommandContext, subject: Subject, role: Role): Promise<string> {
  const { roles, audit, db } = ctx.services;
  if (subject.kind === 'user' && roles.bootstrapAdmins().includes(subject.id)) {
    throw new UserError('role.cannotRevokeConfigured', { subject: describe(ctx, subject) }, { showUsage: false });
  }
  const current = await roles.grantOf(subject);
  if (current !== role) return ctx.t('role.notGranted', { subject: describe(ctx, subject) });
  if (role === 'admin' && subject.kind === 'user' && (await roles.countAdmins()) <= 1) {
    throw new UserError('role.cannotRevokeLastAdmin', {}, { showUsage: false });
  }
  await withTransaction(db, async (client) => {
    await roles.revoke(subject, client);
    await audit.record(auditEntry(ctx, 'role.revoke', subject, current, null), client);
  });
  return ctx.t('role.revoked', { subject: describe(ctx, subject), role: ctx.t(`role.${role}`) });
}

function auditEntry(ctx: CommandContext, action: string, subject: Subject, before: Role | null, after: Role | null) {
  return {
    actorStaffId: ctx.user.staffId,
    actorNick: ctx.user.nick,
    conversationId: ctx.conversation.id,
    action,
    subject: `${subject.kind}:${subject.id}`,
    before: before ? { role: before } : null,
    after: after ? { role: after } : null,
  };
}

async function listGrants(ctx: CommandContext) {
  const { roles, config } = ctx.services;
  const grants = await roles.list();
  const rows = grants.map((g) => [
    g.subject.kind === 'user' ? ctx.t('role.user') : ctx.t('role.conversation'),
    g.subject.displayName ? `${g.subject.displayName} (${g.subject.id})` : g.subject.id,
    ctx.t(`role.${g.role}`),
    g.grantedBy,
    formatDateTime(g.grantedAt, config.timeZone),
  ]);
  const lines = [`### ${ctx.t('role.listTitle')}`, ''];
  const headers = [ctx.t('role.kind'), 'ID', ctx.t('help.role'), ctx.t('role.grantedBy'), ctx.t('role.grantedAt')];
  lines.push(rows.length > 0 ? markdownTable(headers, rows) : ctx.t('role.listEmpty'));
  if (config.adminStaffIds.length > 0) lines.push('', ctx.t('role.configuredAdmins', { ids: config.adminStaffIds.join(', ') }));
  if (config.consoleEnabled) lines.push('', ctx.t('role.consoleAdmin'));
  return markdown(ctx.t('role.listTitle'), lines.join('\n'));
}
