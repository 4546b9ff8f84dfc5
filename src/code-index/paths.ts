/** Where the index lives; a module of its own so that finding it loads nothing else (no SQLite). */
import { join } from 'node:path';

export const INDEX_DIR = '.codepakt';
export const INDEX_NAME = 'code.db';

export function indexPath(root: string): string {
  return join(root, INDEX_DIR, INDEX_NAME);
}
