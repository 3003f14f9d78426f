// A command is data plus one function: the router, /help, aliases, typo suggestions, argument
// errors and role checks are all driven by this one definition.
import type { z } from 'zod';
import type { Locale } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { RequiredRole, Role } from '../domain/roles.js';
import type { Translate } from './i18n.js';
import type { Reply, ReplyPart } from './reply.js';
import type { Services } from './services.js';

export interface ChatUser {
  staffId: string;
  nick: string;
  role: Role | null;
}

export interface ChatConversation {
  id: string;
  type: 'single' | 'group';
  title?: string;
}

export interface CommandContext {
  user: ChatUser;
  conversation: ChatConversation;
  /** Staff ids @mentioned in the message, other than the bot. */
  mentions: string[];
  locale: Locale;
  t: Translate;
  clock: Clock;
  services: Services;
  /** Sends an interim reply now (e.g. "查询中…"), at most one per command; the returned reply follows. */
  progress(part: ReplyPart): Promise<void>;
}

export interface CommandDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  aliases: string[];
  minRole: RequiredRole;
  /** Message keys: one-line summary and usage line(s) for /help. */
  summaryKey: string;
  usage: string;
  examples: string[];
  /** Names given to positional arguments, in order; the last may collect the rest when `restPositional`. */
  positional?: string[];
  restPositional?: boolean;
  /** Validates `{...named, [positional name]: value}`. */
  args: Schema;
  /** Message key of the interim reply sent when the command takes more than ~2 s. */
  progressKey?: string;
  /** Extra help text key shown by `/help CMD` (models, caveats). */
  detailKey?: string;
  run(ctx: CommandContext, args: z.output<Schema>): Promise<Reply>;
}

export function defineCommand<Schema extends z.ZodType>(definition: CommandDefinition<Schema>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}
