import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

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

/** Files of a build folder, read once and kept in memory; never escapes the folder. */
export class StaticFolder {
  private readonly cache = new Map<string, StaticFile | null>();
  constructor(private readonly root: string) {}

  get(relative: string): StaticFile | null {
    const cached = this.cache.get(relative);
    if (cached !== undefined) return cached;
    const file = this.load(relative);
    this.cache.set(relative, file);
    return file;
  }

  private load(relative: string): StaticFile | null {
    const full = normalize(join(this.root, relative));
    if (!full.startsWith(normalize(this.root) + sep)) return null;
    const type = TYPES[extname(full)];
    if (!type) return null;
    try {
      if (!statSync(full).isFile()) return null;
      return { body: toArrayBuffer(readFileSync(full)), type };
    } catch {
      return null;
    }
  }
}

export function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
