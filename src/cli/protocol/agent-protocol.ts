import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampLine } from '../../shared/protocol-stamp.js';

/**
 * The protocol files depend only on the cpk version that writes them: live state (agents, their tasks,
 * settings) comes from `cpk board status` and `cpk task mine`, so a committed file never churns or goes stale.
 */
export const PROTOCOL_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;
export type ProtocolFile = (typeof PROTOCOL_FILES)[number];

const here = dirname(fileURLToPath(import.meta.url));

/** Templates ship beside the bundle (dist/templates) and sit at the repository root in source (src/cli/protocol/). */
export function templatesDir(): string {
  const candidates = [join(here, 'templates'), join(here, '..', '..', '..', 'templates')];
  const found = candidates.find((d) => existsSync(join(d, 'protocol.md')));
  if (!found) throw new Error(`Protocol templates not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Fill `{{name}}` placeholders; a placeholder without a value is a template bug and fails loudly. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template placeholder {{${name}}} has no value`);
    return value;
  });
}

export function renderProtocolFiles(version: string, dir = templatesDir()): Record<ProtocolFile, string> {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const protocol = read('protocol.md');
  const values: Record<string, string> = { stamp: stampLine(version), version };
  const out = {} as Record<ProtocolFile, string>;
  for (const name of PROTOCOL_FILES) {
    // The shared body goes in first, then every placeholder (the body's included) is filled once.
    out[name] = `${fill(
      read(name).replace('{{protocol}}', () => protocol),
      values,
    ).trimEnd()}\n`;
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
