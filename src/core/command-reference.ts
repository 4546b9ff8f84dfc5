/** The CLI's command tree as plain data, and its rendering into the protocol's command reference. */

export interface OptionSpec {
  flags: string;
  description: string;
  required: boolean;
  choices?: readonly string[] | undefined;
  defaultValue?: string | undefined;
}

export interface ArgumentSpec {
  name: string;
  description: string;
}

export interface CommandSpec {
  /** Full invocation path without `cpk`, e.g. `task add`. */
  path: string;
  usage: string;
  description: string;
  args: ArgumentSpec[];
  options: OptionSpec[];
  /** Whether it only groups subcommands (and so cannot be run by itself). */
  group: boolean;
}

function optionLine(o: OptionSpec): [string, string] {
  const extras: string[] = [];
  if (o.required) extras.push('required');
  if (o.choices?.length) extras.push(o.choices.join(' | '));
  if (o.defaultValue !== undefined) extras.push(`default ${o.defaultValue}`);
  return [o.flags, [o.description, extras.length ? `(${extras.join('; ')})` : ''].filter(Boolean).join(' ')];
}

/** Aligned `left  right` lines. */
function aligned(rows: [string, string][], indent: string): string[] {
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `${indent}${l.padEnd(width)}  ${r}`.trimEnd());
}

/** One fenced block per top-level group; each runnable command with its arguments and options. */
export function renderCommandReference(commands: CommandSpec[], globalOptions: OptionSpec[]): string {
  const out: string[] = [];
  if (globalOptions.length) {
    out.push('Options every command accepts:', '', '```text', ...aligned(globalOptions.map(optionLine), ''), '```', '');
  }
  const groups = new Map<string, CommandSpec[]>();
  for (const c of commands) {
    const top = c.path.split(' ')[0] ?? c.path;
    const list = groups.get(top) ?? [];
    list.push(c);
    groups.set(top, list);
  }
  for (const [top, list] of groups) {
    const head = list.find((c) => c.path === top);
    out.push(`### ${top}`, '');
    // A group's description introduces its commands; a lone command's is printed with the command.
    if (head?.group && head.description) out.push(head.description, '');
    out.push('```text');
    let first = true;
    for (const c of list) {
      if (c.group) continue;
      if (!first) out.push('');
      first = false;
      // Commander's usage always says [options] (for --help); say it only when there are options to give.
      const usage = c.options.length ? c.usage : c.usage.replace(/^\[options\]\s*/, '');
      out.push(`cpk ${c.path}${usage ? ' ' + usage : ''}`);
      if (c.description) out.push(`    ${c.description}`);
      out.push(...aligned(c.args.filter((a) => a.description).map((a): [string, string] => [a.name, a.description]), '    '));
      out.push(...aligned(c.options.map(optionLine), '    '));
    }
    out.push('```', '');
  }
  return out.join('\n').trimEnd();
}
