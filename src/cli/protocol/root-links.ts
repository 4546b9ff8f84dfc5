import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeIfChanged } from './agent-protocol.js';

/**
 * How the project's own instruction files point at the generated protocol, without taking them over:
 * root AGENTS.md (Codex, Cursor, …) gets a short block between markers, root CLAUDE.md the import line
 * Claude Code follows (`@path`). Both are idempotent and undone by `cpk generate --unlink`.
 */

export const AGENTS_BEGIN =
  '<!-- codepakt:begin (cpk generate writes this block; cpk generate --unlink removes it) -->';
export const AGENTS_END = '<!-- codepakt:end -->';
export const AGENTS_BLOCK = `${AGENTS_BEGIN}
## Task board

The coding agents of this project coordinate through codepakt. Before starting work, read and follow
[.codepakt/AGENTS.md](.codepakt/AGENTS.md): how to pick up, report and review tasks with \`cpk\`.
${AGENTS_END}`;

/** The whole root AGENTS.md that cpk 0.3 and earlier created, replaced as a whole when found unchanged. */
const OLD_POINTER = `# AGENTS.md

The coding agents of this project coordinate through codepakt. Read and follow
[.codepakt/AGENTS.md](.codepakt/AGENTS.md): the task board protocol and the complete \`cpk\` command reference.
`;

export const CLAUDE_IMPORT = '@.codepakt/CLAUDE.md';
/** Claude Code imports `@path`; `@import path` (written by earlier versions) loads nothing. */
const CLAUDE_IMPORT_LINE = /^@\.codepakt\/CLAUDE\.md[ \t]*$/m;
const OLD_CLAUDE_IMPORT_LINE = /^@import\s+\.codepakt\/CLAUDE\.md[ \t]*\r?$/m;

export type LinkState = 'created' | 'linked' | 'updated' | 'kept' | 'unlinked';
export interface RootLinks {
  root_agents_md: LinkState;
  root_claude_md: LinkState;
}

const BLOCK_RE = /<!-- codepakt:begin[^\n]*-->[\s\S]*?<!-- codepakt:end -->/;

function splitBom(text: string): [string, string] {
  return text.startsWith('\uFEFF') ? ['\uFEFF', text.slice(1)] : ['', text];
}

/** A CRLF file keeps its line endings in what we add. */
function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function linkAgents(file: string): LinkState {
  if (!existsSync(file)) {
    writeIfChanged(file, `# AGENTS.md\n\n${AGENTS_BLOCK}\n`);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  if (text === OLD_POINTER) {
    writeIfChanged(file, `# AGENTS.md\n\n${AGENTS_BLOCK}\n`);
    return 'updated';
  }
  const eol = eolOf(text);
  const block = AGENTS_BLOCK.replace(/\n/g, eol);
  if (BLOCK_RE.test(text))
    return writeIfChanged(
      file,
      text.replace(BLOCK_RE, () => block),
    )
      ? 'updated'
      : 'kept';
  // The project already points at the protocol in its own words.
  if (text.includes('.codepakt/AGENTS.md')) return 'kept';
  const sep = text.length === 0 ? '' : text.endsWith(eol + eol) ? '' : text.endsWith(eol) ? eol : eol + eol;
  writeIfChanged(file, `${text}${sep}${block}${eol}`);
  return 'linked';
}

function linkClaude(file: string): LinkState {
  if (!existsSync(file)) {
    writeIfChanged(file, `${CLAUDE_IMPORT}\n`);
    return 'created';
  }
  const [bom, text] = splitBom(readFileSync(file, 'utf8'));
  if (CLAUDE_IMPORT_LINE.test(text)) return 'kept';
  if (OLD_CLAUDE_IMPORT_LINE.test(text)) {
    writeIfChanged(
      file,
      bom +
        text.replace(OLD_CLAUDE_IMPORT_LINE, (line) => (line.endsWith('\r') ? `${CLAUDE_IMPORT}\r` : CLAUDE_IMPORT)),
    );
    return 'updated';
  }
  const eol = eolOf(text);
  writeIfChanged(file, `${bom}${CLAUDE_IMPORT}${eol}${eol}${text}`);
  return 'linked';
}

export function linkRootFiles(projectDir: string): RootLinks {
  return {
    root_agents_md: linkAgents(join(projectDir, 'AGENTS.md')),
    root_claude_md: linkClaude(join(projectDir, 'CLAUDE.md')),
  };
}

/** Take out what linkRootFiles put in: the AGENTS.md block, the CLAUDE.md import line; nothing else is touched. */
export function unlinkRootFiles(projectDir: string): RootLinks {
  return {
    root_agents_md: unlinkAgents(join(projectDir, 'AGENTS.md')),
    root_claude_md: unlinkClaude(join(projectDir, 'CLAUDE.md')),
  };
}

function unlinkAgents(file: string): LinkState {
  if (!existsSync(file)) return 'kept';
  const text = readFileSync(file, 'utf8');
  const m = BLOCK_RE.exec(text);
  if (!m) return 'kept';
  const eol = eolOf(text);
  // The block and its line end go, and the blank line put before it when it was appended.
  const before = text.slice(0, m.index).replace(/(\r?\n)+$/, eol);
  const after = text.slice(m.index + m[0].length).replace(/^\r?\n/, '');
  removeOrWrite(file, (before === eol ? '' : before) + after, '# AGENTS.md');
  return 'unlinked';
}

function unlinkClaude(file: string): LinkState {
  if (!existsSync(file)) return 'kept';
  const [bom, text] = splitBom(readFileSync(file, 'utf8'));
  const lines = text.split('\n');
  const isImport = (l: string) => /^@(import\s+)?\.codepakt\/CLAUDE\.md[ \t]*\r?$/.test(l);
  const at = lines.findIndex(isImport);
  if (at < 0) return 'kept';
  // The blank line written after a prepended import goes with it.
  const drop = at === 0 && lines.length > 1 && /^\r?$/.test(lines[1] ?? 'x') ? 2 : 1;
  lines.splice(at, drop);
  removeOrWrite(file, bom + lines.join('\n'), '');
  return 'unlinked';
}

/** A root file that held nothing but what cpk created goes away entirely. */
function removeOrWrite(file: string, content: string, createdHead: string): void {
  if (content.trim() === createdHead) rmSync(file);
  else writeIfChanged(file, content);
}
