import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: ArrayBuffer;
  type: string;
}

/**
 * Files of a build folder, kept in memory once asked for. The folder is listed once, when the server
 * starts: only those names are ever looked up or cached, so a client asking for endless distinct
 * missing paths costs nothing, and no path can leave the folder.
 */
export class StaticFolder {
  private readonly files = new Map<string, { full: string; type: string; loaded?: StaticFile }>();

  constructor(root: string) {
    for (const full of listFiles(root)) {
      const type = TYPES[extname(full)];
      if (type) this.files.set(relative(root, full).split(sep).join('/'), { full, type });
    }
  }

  get(relativePath: string): StaticFile | null {
    const entry = this.files.get(relativePath);
    if (!entry) return null;
    try {
      entry.loaded ??= { body: toArrayBuffer(readFileSync(entry.full)), type: entry.type };
    } catch {
      // Removed or unreadable since the server started: a miss this time, tried again next time.
      return null;
    }
    return entry.loaded;
  }
}

function listFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

export function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
