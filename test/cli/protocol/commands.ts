import type { Command } from 'commander';
import { allCommands, buildProgram } from '../../../src/cli/main.js';
import { EXIT } from '../../../src/cli/output.js';

/** The real command tree, straight from the commander definitions `cpk` runs. */
export function realCommands(): { root: Command; commands: { path: string; command: Command; group: boolean }[] } {
  const root = buildProgram({
    rt: { cwd: process.cwd(), env: {}, io: { out: () => undefined, err: () => undefined } },
    exitCode: EXIT.ok,
  });
  const pathOf = (c: Command): string => (c.parent && c.parent !== root ? `${pathOf(c.parent)} ${c.name()}` : c.name());
  return {
    root,
    commands: allCommands(root).map((c) => ({ path: pathOf(c), command: c, group: c.commands.length > 0 })),
  };
}

/** The lines of the reference block of `cpk <path>`: its usage line and the indented lines under it. */
export function referenceBlock(text: string, path: string): string[] | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex(
    (l) => l === `cpk ${path}` || l.startsWith(`cpk ${path} [`) || l.startsWith(`cpk ${path} <`),
  );
  if (start < 0) return undefined;
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('    ')) break;
    block.push(line);
  }
  return block;
}

/**
 * Every `cpk …` invocation written in prose or examples, resolved against the real tree: the command
 * path it names and the flags it passes. Unknown commands resolve to the deepest real prefix.
 */
export function invocations(text: string): { line: string; path: string; flags: string[] }[] {
  const { commands } = realCommands();
  const known = new Set(commands.map((c) => c.path));
  const found: { line: string; path: string; flags: string[] }[] = [];
  // Spans written as counter-examples ("`cpk board status`, not `cpk board`") are skipped.
  const spans = [...text.matchAll(/(\bnot\s+)?`(cpk [^`]+)`/g)].filter((m) => !m[1]).map((m) => m[2]!);
  const candidates = spans.concat(
    text.split('\n').filter((l) => /^cpk /.test(l.trim()) && !/^cpk \S+( \S+)? \[/.test(l)),
  );
  for (const raw of candidates) {
    const words = raw.trim().replace(/#.*$/, '').split(/\s+/).slice(1);
    let path = '';
    for (const w of words) {
      const next = path ? `${path} ${w}` : w;
      if (!known.has(next)) break;
      path = next;
    }
    const flags = words.filter((w) => /^--?[A-Za-z]/.test(w)).map((w) => w.replace(/=.*$/, ''));
    found.push({ line: raw.trim(), path, flags });
  }
  return found;
}
