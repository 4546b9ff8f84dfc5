/** Real git repositories in temporary folders, for the scan tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../helpers/temp.js';

export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

export function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A fresh repository holding `files`, committed. */
export function gitRepo(files: Record<string, string>): string {
  const root = tempDir('cpk-code-git-');
  gitIn(root, 'init', '-q', '-b', 'main');
  write(root, files);
  gitIn(root, 'add', '-A');
  gitIn(root, 'commit', '-q', '-m', 'initial');
  return root;
}
