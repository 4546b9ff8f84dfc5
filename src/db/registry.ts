import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The server's list of projects it serves; settings live in each project's own database. */
export interface RegistryEntry {
  id: string;
  name: string;
  path: string;
  created_at: string;
}

export class ProjectRegistry {
  private readonly file: string;
  private entries: RegistryEntry[];

  constructor(dataDir: string) {
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
    return this.entries.find((e) => e.path === path);
  }

  upsert(entry: RegistryEntry): void {
    this.entries = [...this.entries.filter((e) => e.id !== entry.id && e.path !== entry.path), entry];
    writeAtomically(this.file, JSON.stringify(this.entries, null, 2) + '\n');
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
    throw new Error(`The project registry ${file} is not valid JSON (${(err as Error).message}); repair it or move it away`);
  }
  if (!Array.isArray(parsed)) throw new Error(`The project registry ${file} is not a JSON array; repair it or move it away`);
  return parsed as RegistryEntry[];
}

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
