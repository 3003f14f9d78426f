// Commands are loaded by folder: every file in src/handlers/commands that exports `command`.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distance } from 'fastest-levenshtein';
import type { CommandDefinition } from './command.js';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'handlers', 'commands');

export class CommandRegistry {
  private readonly byName = new Map<string, CommandDefinition>();

  constructor(readonly commands: CommandDefinition[]) {
    for (const command of commands) {
      for (const name of [command.name, ...command.aliases]) {
        const key = name.toLowerCase();
        const clash = this.byName.get(key);
        if (clash) throw new Error(`command name "${name}" is used by both /${clash.name} and /${command.name}`);
        this.byName.set(key, command);
      }
    }
  }

  static async load(directory = COMMANDS_DIR): Promise<CommandRegistry> {
    const files = (await readdir(directory)).filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')).sort();
    const commands: CommandDefinition[] = [];
    for (const file of files) {
      const module = (await import(pathToFileURL(join(directory, file)).href)) as { command?: CommandDefinition };
      if (module.command) commands.push(module.command);
    }
    return new CommandRegistry(commands);
  }

  find(name: string): CommandDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Closest known names (English or alias) for a mistyped command, best first. */
  suggest(name: string, allowed: (command: CommandDefinition) => boolean, limit = 3): string[] {
    const typed = name.toLowerCase();
    const scored: { name: string; score: number }[] = [];
    for (const [known, command] of this.byName) {
      if (!allowed(command)) continue;
      const score = known.startsWith(typed) || typed.startsWith(known) ? 0 : distance(typed, known) / Math.max(known.length, 1);
      if (score <= 0.5) scored.push({ name: command.name, score });
    }
    scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
    return [...new Set(scored.map((entry) => entry.name))].slice(0, limit);
  }
}
