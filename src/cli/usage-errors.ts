import type { Command, CommanderError } from 'commander';

/** Words agents reach for that cpk spells differently, per group; suggested only where the target exists. */
const SYNONYMS: Record<string, string> = {
  create: 'add',
  new: 'add',
  claim: 'pickup',
  take: 'pickup',
  start: 'pickup',
  complete: 'done',
  finish: 'done',
  ls: 'list',
  get: 'show',
  view: 'show',
  cat: 'read',
  find: 'search',
  edit: 'update',
  set: 'update',
};

/** The command `argv` addresses, as deep as its words name real commands. */
function addressed(program: Command, argv: readonly string[]): Command {
  let cmd = program;
  for (const word of argv.filter((a) => !a.startsWith('-'))) {
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) break;
    cmd = next;
  }
  return cmd;
}

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return ['cpk', ...names].join(' ');
}

/**
 * Commander's message for a usage error, on one line (a JSON message never holds a newline), with the
 * command an agent meant when it used a common synonym (`task create` → `task add`).
 */
export function usageMessage(err: CommanderError, program: Command, argv: readonly string[]): string {
  let message = err.message.replace(/^error:\s*/, '');
  if (err.code === 'commander.unknownCommand') {
    const parent = addressed(program, argv);
    const word = /unknown command '([^']*)'/.exec(message)?.[1] ?? '';
    const target = SYNONYMS[word.toLowerCase()];
    const names = parent.commands.map((c) => c.name());
    if (target && names.includes(target)) {
      message = `unknown command '${word}': the command is \`${pathOf(parent)} ${target}\``;
    } else if (parent !== program || names.length) {
      message = message.replace(
        /\n\(Did you mean (\S+)\?\)/,
        (_, s: string) => `: did you mean \`${pathOf(parent)} ${s}\`?`,
      );
      if (!/did you mean/.test(message)) message += ` (commands: ${names.join(', ')})`;
    }
  }
  if (
    err.code === 'commander.unknownOption' ||
    err.code === 'commander.missingMandatoryOptionValue' ||
    err.code === 'commander.optionMissingArgument'
  ) {
    message += ` (\`${pathOf(addressed(program, argv))} --help\` lists its options)`;
  }
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
