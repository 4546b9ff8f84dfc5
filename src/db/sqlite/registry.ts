import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { ProjectKind } from '../../core/types.js';
import { projectDbFile } from './project-database.js';

/**
 * The server's list of projects it serves; settings live in each project's own database. A folder
 * project's database is in its folder, a hosted project's under the data dir.
 */
export interface RegistryEntry {
  id: string;
  name: string;
  kind: ProjectKind;
  /** The project folder; null for a hosted project. */
  path: string | null;
  created_at: string;
}

/** A hosted project's id names its folder in the data dir: nothing that could climb out of it. */
export const HOSTED_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class ProjectRegistry {
  private readonly file: string;
  private entries: RegistryEntry[];

  constructor(private readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'projects.json');
    this.entries = readEntries(this.file);
  }

  list(): RegistryEntry[] {
    return [...this.entries];
  }

  get(id: string): RegistryEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  findByPath(path: string): RegistryEntry | undefined {
    return this.entries.find((e) => e.kind === 'folder' && e.path === path);
  }

  /** Where the project's database file is: `<path>/.codepakt/data.db`, or `<data dir>/projects/<id>/data.db`. */
  databaseFile(entry: RegistryEntry): string {
    return entry.kind === 'folder' && entry.path !== null ? projectDbFile(entry.path) : this.hostedDbFile(entry.id);
  }

  hostedDbFile(id: string): string {
    return join(this.dataDir, 'projects', id, 'data.db');
  }

  upsert(entry: RegistryEntry): void {
    this.entries = [
      ...this.entries.filter((e) => e.id !== entry.id && (entry.path === null || e.path !== entry.path)),
      entry,
    ];
    writeAtomically(this.file, `${JSON.stringify(this.entries, null, 2)}\n`);
  }
}

function readEntries(file: string): RegistryEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // Refuse to start rather than start empty: the next registration would overwrite the user's list.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `The project registry ${file} is not valid JSON (${(err as Error).message}); repair it or move it away`,
    );
  }
  if (!Array.isArray(parsed))
    throw new Error(`The project registry ${file} is not a JSON array; repair it or move it away`);
  // As strict as a request body: an entry that parses but is wrong would fail every request later.
  const entries: RegistryEntry[] = [];
  const seen = new Map<string, number>();
  parsed.forEach((raw, index) => {
    const result = RegistryEntrySchema.safeParse(raw);
    if (!result.success) {
      const problems = result.error.issues
        .map((i) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`)
        .join('; ');
      throw new Error(
        `The project registry ${file} has a bad entry at index ${index} (${problems}); repair it or move it away`,
      );
    }
    const first = seen.get(result.data.id);
    if (first !== undefined)
      throw new Error(
        `The project registry ${file} has a bad entry at index ${index} (id: ${result.data.id} is already the id of entry ${first}); repair it or move it away`,
      );
    seen.set(result.data.id, index);
    entries.push(result.data);
  });
  return entries;
}

// Entries written before hosted projects existed have no `kind`: they are folders.
const RegistryEntrySchema = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().min(1).max(100),
    kind: z.enum(['folder', 'hosted']).default('folder'),
    path: z
      .string()
      .min(1)
      .refine((p) => isAbsolute(p), 'Must be an absolute path')
      .nullable()
      .optional(),
    created_at: z.string().min(1),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.kind === 'folder' && !e.path) ctx.addIssue({ code: 'custom', path: ['path'], message: 'Required' });
    if (e.kind === 'hosted' && e.path)
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'A hosted project has no path' });
    if (e.kind === 'hosted' && !HOSTED_ID.test(e.id))
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'Must be letters, digits, ".", "_" or "-"' });
  })
  .transform((e): RegistryEntry => ({ ...e, path: e.kind === 'folder' ? (e.path ?? null) : null }));

/** Write to a temporary file, flush it, then rename over the target: readers see old or new, never half. */
export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
