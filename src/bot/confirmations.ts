// Dangerous actions wait for `/confirm CODE` from the same user within 60 s (`/cancel CODE` drops
// them). The pending action is a row in the database, so whichever instance receives /confirm can
// run it: each instance knows every action kind because command modules define theirs on load.
//
// Use from a command (module level, so every instance knows the kind):
//   const removeAll = defineConfirmableAction<{ types: string[] }>({ kind: 'subscriptions.remove', minRole: 'admin',
//     run: async (ctx, payload) => { ...do it, write audit...; return text(...) } });
// and in run(): return askToConfirm(ctx, removeAll, { types }, ctx.t('unsubscribe.confirmAll', {...}));
import { randomInt } from 'node:crypto';
import type { ConfirmationRepository, ConfirmationState } from '../adapters/db/confirmation-repository.js';
import type { Clock } from '../domain/clock.js';
import { mayRun, type RequiredRole } from '../domain/roles.js';
import type { CommandContext } from './command.js';
import { UserError } from './errors.js';
import { type Reply, type ReplyPart, text } from './reply.js';

export const CONFIRMATION_TTL_MS = 60_000;
const KEEP_DECIDED_MS = 7 * 86_400_000;

export interface ConfirmableAction<Payload> {
  /** Stable name stored with the pending row, e.g. `settings.apply`. */
  kind: string;
  /** Checked again at /confirm: a user who lost the role in between cannot complete the action. */
  minRole: RequiredRole;
  /** Does the action for the confirming user (the same who asked); throw UserError to refuse. */
  run(ctx: CommandContext, payload: Payload): Promise<Reply>;
}

const actions = new Map<string, ConfirmableAction<never>>();

/** Registers an action kind (call at module load of the command that asks for it). */
export function defineConfirmableAction<Payload>(action: ConfirmableAction<Payload>): ConfirmableAction<Payload> {
  const known = actions.get(action.kind);
  if (known && known !== (action as ConfirmableAction<never>)) throw new Error(`confirmable action ${action.kind} is defined twice`);
  actions.set(action.kind, action as ConfirmableAction<never>);
  return action;
}

export interface PendingConfirmation {
  code: string;
  expiresAt: Date;
  /** "请在 60 秒内发送 /confirm 123456 确认…" in the asker's language, to append to the preview. */
  prompt: string;
}

export interface Confirmations {
  request<Payload>(ctx: CommandContext, action: ConfirmableAction<Payload>, payload: Payload): Promise<PendingConfirmation>;
  confirm(ctx: CommandContext, code: string): Promise<Reply>;
  cancel(ctx: CommandContext, code: string): Promise<Reply>;
}

/** Stores the pending action and answers with the preview plus "send /confirm CODE within 60 s". */
export async function askToConfirm<Payload>(ctx: CommandContext, action: ConfirmableAction<Payload>, payload: Payload, preview: string): Promise<ReplyPart> {
  const pending = await ctx.services.confirmations.request(ctx, action, payload);
  return text(`${preview}\n${pending.prompt}`);
}

export function createConfirmations(repository: ConfirmationRepository, clock: Clock): Confirmations {
  /** The pending row for this code if this user may decide it now; otherwise a UserError saying why. */
  async function pendingFor(ctx: CommandContext, rawCode: string) {
    const code = rawCode.trim();
    const row = /^\d{6}$/.test(code) ? await repository.find(code) : undefined;
    const refuse = (key: string) => new UserError(key, { code, seconds: CONFIRMATION_TTL_MS / 1000 }, { showUsage: false });
    if (!row) throw refuse('confirm.unknownCode');
    if (row.staffId !== ctx.user.staffId) throw refuse('confirm.notYours');
    if (row.state !== 'pending') throw refuse(`confirm.state.${row.state}`);
    const now = clock.now();
    if (now.getTime() > row.expiresAt.getTime()) {
      await repository.decide(row.id, 'pending', 'expired', now);
      throw refuse('confirm.state.expired');
    }
    return { row, now, refuse };
  }

  async function decide(id: number, to: ConfirmationState, at: Date, refuse: (key: string) => UserError) {
    // Two instances (or a double-tap) may race for the same row: only one moves it.
    if (!(await repository.decide(id, 'pending', to, at))) throw refuse('confirm.state.confirmed');
  }

  return {
    async request(ctx, action, payload) {
      if (actions.get(action.kind) !== (action as ConfirmableAction<never>)) throw new Error(`action ${action.kind} was not defined`);
      const createdAt = clock.now();
      const expiresAt = new Date(createdAt.getTime() + CONFIRMATION_TTL_MS);
      await repository.purge(createdAt, new Date(createdAt.getTime() - KEEP_DECIDED_MS));
      for (let attempt = 0; attempt < 10; attempt++) {
        const code = String(randomInt(100_000, 1_000_000));
        const row = { code, action: action.kind, payload, staffId: ctx.user.staffId, conversationId: ctx.conversation.id, createdAt, expiresAt };
        if (await repository.create(row)) {
          return { code, expiresAt, prompt: ctx.t('confirm.prompt', { code, seconds: CONFIRMATION_TTL_MS / 1000 }) };
        }
      }
      throw new Error('could not draw a free confirmation code');
    },

    async confirm(ctx, code) {
      const { row, now, refuse } = await pendingFor(ctx, code);
      const action = actions.get(row.action);
      if (!action) throw new Error(`no confirmable action ${row.action} in this instance`);
      if (!mayRun(ctx.user.role, action.minRole)) throw refuse('confirm.roleLost');
      await decide(row.id, 'confirmed', now, refuse);
      try {
        return await action.run(ctx, row.payload as never);
      } catch (error) {
        await repository.decide(row.id, 'confirmed', 'failed', clock.now());
        throw error;
      }
    },

    async cancel(ctx, code) {
      const { row, now, refuse } = await pendingFor(ctx, code);
      await decide(row.id, 'cancelled', now, refuse);
      return text(ctx.t('confirm.cancelled', { code: row.code }));
    },
  };
}
