// The one place that turns a chat line into replies and the one place that catches errors.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { zhCN, en as zodEn } from 'zod/locales';
import type { Locale } from '../config.js';
import { mayRun } from '../domain/roles.js';
import type { ChatConversation, CommandContext, CommandDefinition } from './command.js';
import { UserError } from './errors.js';
import { hasMessage, type Translate, translator } from './i18n.js';
import { type ParsedCommand, parseCommandLine } from './parse.js';
import { type ReplyPart, replyParts, text } from './reply.js';
import type { Services } from './services.js';
import { commandUsage } from './usage.js';

export interface IncomingMessage {
  text: string;
  staffId: string;
  nick: string;
  conversation: ChatConversation;
  /** Staff ids @mentioned, other than the bot. */
  mentions?: string[];
}

export type ProgressSink = (part: ReplyPart) => Promise<void>;

export interface Router {
  handle(message: IncomingMessage, onProgress?: ProgressSink): Promise<ReplyPart[]>;
}

const PROGRESS_AFTER_MS = 2000;

export function createRouter(services: Services, options: { progressAfterMs?: number } = {}): Router {
  const progressAfterMs = options.progressAfterMs ?? PROGRESS_AFTER_MS;
  const { registry, logger, metrics } = services;

  async function handle(message: IncomingMessage, onProgress?: ProgressSink): Promise<ReplyPart[]> {
    const started = performance.now();
    let commandName = 'none';
    let outcome = 'ok';
    let locale: Locale = services.config.locale;
    try {
      locale = (await services.preferences.localeOf(message.staffId)) ?? services.config.locale;
      const t = translator(locale);
      const role = await services.roles.effectiveRole(message.staffId, message.conversation.id);
      if (role === null) {
        outcome = 'denied';
        return [text(t('core.noAccess', { admins: await adminHint(services) }))];
      }
      const parsed = parseCommandLine(message.text);
      if (!parsed) {
        outcome = 'not_command';
        return [text(t('core.notACommand'))];
      }
      const command = registry.find(parsed.name);
      if (!command) {
        outcome = 'unknown';
        const shown = parsed.name.length > 40 ? `${parsed.name.slice(0, 40)}…` : parsed.name;
        const suggestions = registry.suggest(parsed.name, (candidate) => mayRun(role, candidate.minRole));
        return [
          text(
            suggestions.length > 0
              ? t('core.unknownCommandSuggest', { name: shown, suggestions: suggestions.map((s) => `/${s}`).join('、') })
              : t('core.unknownCommand', { name: shown }),
          ),
        ];
      }
      commandName = command.name;
      if (!mayRun(role, command.minRole)) {
        outcome = 'denied';
        return [text(t('core.roleRequired', { command: command.name, role: t(`role.${command.minRole}`) }))];
      }
      const args = validateArguments(command, parsed, locale, t);
      const progress = interimReply(onProgress);
      const context: CommandContext = {
        user: { staffId: message.staffId, nick: message.nick, role },
        conversation: message.conversation,
        mentions: message.mentions ?? [],
        locale,
        t,
        clock: services.clock,
        services,
        progress: progress.send,
      };
      return await runWithProgress(command, context, args, t, progress);
    } catch (error) {
      const t = translator(locale);
      if (error instanceof UserError) {
        outcome = 'user_error';
        const command = registry.find(commandName);
        const lines = [t(error.messageKey, error.params)];
        if (command && error.options.showUsage !== false) lines.push('', commandUsage(command, t));
        return [text(lines.join('\n'))];
      }
      outcome = 'error';
      const errorId = randomBytes(4).toString('hex');
      logger.error({ err: error, errorId, command: commandName, staffId: message.staffId }, 'command failed');
      return [text(t('core.internalError', { id: errorId }))];
    } finally {
      metrics.commandFinished(commandName, outcome, (performance.now() - started) / 1000);
    }
  }

  async function runWithProgress(
    command: CommandDefinition,
    context: CommandContext,
    args: unknown,
    t: Translate,
    progress: InterimReply,
  ): Promise<ReplyPart[]> {
    // A command that says "查询中…" itself at once is not followed by a second interim line from the timer.
    const timer = setTimeout(() => {
      progress.send(text(t(command.progressKey ?? 'core.working'))).catch((error: unknown) =>
        logger.warn({ err: error, command: command.name }, 'progress reply failed'),
      );
    }, progressAfterMs);
    try {
      const parts = replyParts(await command.run(context, args));
      if (parts.length === 0) throw new Error(`/${command.name} returned an empty reply`);
      return parts;
    } finally {
      clearTimeout(timer);
    }
  }

  return { handle };
}

interface InterimReply {
  /** Sends the first interim reply; later calls do nothing, so the user sees one "working" line. */
  send(part: ReplyPart): Promise<void>;
}

function interimReply(onProgress?: ProgressSink): InterimReply {
  let sent = false;
  return {
    async send(part) {
      if (sent || !onProgress) return;
      sent = true;
      await onProgress(part);
    },
  };
}

function validateArguments(command: CommandDefinition, parsed: ParsedCommand, locale: Locale, t: Translate): unknown {
  const input: Record<string, unknown> = { ...parsed.named };
  const names = command.positional ?? [];
  parsed.positional.forEach((value, index) => {
    const isRest = command.restPositional && index >= names.length - 1;
    const name = isRest ? names[names.length - 1] : names[index];
    if (name === undefined) throw new UserError('core.tooManyArguments', { value });
    if (isRest) input[name] = [...((input[name] as string[] | undefined) ?? []), value];
    else if (name in input) throw new UserError('core.duplicateArgument', { name });
    else input[name] = value;
  });
  const result = (command.args as z.ZodType).safeParse(input, {
    error: (locale === 'en' ? zodEn() : zhCN()).localeError,
  });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '';
    if (issue.code === 'unrecognized_keys') return t('core.unknownArguments', { names: issue.keys.join(', ') });
    // Schemas may give a catalogue key as their message, so custom checks speak the user's language.
    const message = hasMessage(issue.message) ? t(issue.message) : issue.message;
    return where ? `${where}: ${message}` : message;
  });
  throw new UserError('core.badArguments', { problems: problems.join('; ') });
}

async function adminHint(services: Services): Promise<string> {
  const admins = await services.roles.adminNames(3);
  return admins.length > 0 ? admins.join('、') : '-';
}
