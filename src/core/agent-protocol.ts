import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampLine } from './protocol-stamp.js';

/** What the protocol files say about this project, gathered by `cpk generate`. */
export interface ProtocolInputs {
  version: string;
  project: string;
  url: string;
  leaseSeconds: number;
  maxAttempts: number;
  /** The rendered command reference. */
  commands: string;
  exitCodes: string;
  /** The board's agents; undefined when the server could not be asked. */
  agents: { name: string; status: string; current_task?: string | null | undefined }[] | undefined;
}

export const PROTOCOL_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;
export type ProtocolFile = (typeof PROTOCOL_FILES)[number];

const here = dirname(fileURLToPath(import.meta.url));

/** Templates ship beside the bundle (dist/templates) and sit at the repository root in source. */
export function templatesDir(): string {
  const candidates = [join(here, 'templates'), join(here, '..', '..', 'templates')];
  const found = candidates.find((d) => existsSync(join(d, 'protocol.md')));
  if (!found) throw new Error(`Protocol templates not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function humanDuration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

function agentsSection(agents: ProtocolInputs['agents']): string {
  if (agents === undefined) return '(The server was not reachable when this file was generated; `cpk agent list` shows them.)';
  if (agents.length === 0) return 'No agent has used this board yet. An agent appears the first time it passes `--agent <name>`.';
  return agents.map((a) => `- **${a.name}**: ${a.status === 'working' && a.current_task ? `working on ${a.current_task}` : a.status}`).join('\n');
}

/** Fill `{{name}}` placeholders; a placeholder without a value is a template bug and fails loudly. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template placeholder {{${name}}} has no value`);
    return value;
  });
}

export function renderProtocolFiles(inputs: ProtocolInputs, dir = templatesDir()): Record<ProtocolFile, string> {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const protocol = read('protocol.md');
  const values: Record<string, string> = {
    stamp: stampLine(inputs.version),
    version: inputs.version,
    project: inputs.project,
    url: inputs.url,
    lease: humanDuration(inputs.leaseSeconds),
    max_attempts: String(inputs.maxAttempts),
    commands: inputs.commands,
    exit_codes: inputs.exitCodes,
    agents: agentsSection(inputs.agents),
  };
  const out = {} as Record<ProtocolFile, string>;
  for (const name of PROTOCOL_FILES) {
    // The shared body goes in first, then every placeholder (the body's included) is filled once.
    out[name] = fill(read(name).replace('{{protocol}}', () => protocol), values).trimEnd() + '\n';
  }
  return out;
}

/** Write `content` unless the file already holds exactly it; readers never see a half-written file. */
export function writeIfChanged(file: string, content: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
  return true;
}

export const ROOT_AGENTS_POINTER = `# AGENTS.md

The coding agents of this project coordinate through codepakt. Read and follow
[.codepakt/AGENTS.md](.codepakt/AGENTS.md): the task board protocol and the complete \`cpk\` command reference.
`;

export const CLAUDE_IMPORT = '@import .codepakt/CLAUDE.md';
const CLAUDE_IMPORT_LINE = /^@(import\s+)?\.codepakt\/CLAUDE\.md\s*$/m;

export interface RootLinks {
  root_agents_md: 'created' | 'kept';
  root_claude_md: 'created' | 'linked' | 'kept';
}

/**
 * Point the project's own instruction files at the generated ones without taking them over: a root
 * AGENTS.md is only ever created, never changed; a root CLAUDE.md only gains the import line on top.
 */
export function linkRootFiles(projectDir: string): RootLinks {
  const agents = join(projectDir, 'AGENTS.md');
  const claude = join(projectDir, 'CLAUDE.md');
  let root_agents_md: RootLinks['root_agents_md'] = 'kept';
  if (!existsSync(agents)) {
    writeIfChanged(agents, ROOT_AGENTS_POINTER);
    root_agents_md = 'created';
  }
  let root_claude_md: RootLinks['root_claude_md'] = 'kept';
  if (!existsSync(claude)) {
    writeIfChanged(claude, CLAUDE_IMPORT + '\n');
    root_claude_md = 'created';
  } else {
    const text = readFileSync(claude, 'utf8');
    if (!CLAUDE_IMPORT_LINE.test(text)) {
      const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
      writeIfChanged(claude, `${bom}${CLAUDE_IMPORT}\n\n${text.slice(bom.length)}`);
      root_claude_md = 'linked';
    }
  }
  return { root_agents_md, root_claude_md };
}
