import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';

interface InitAnswer {
  project_id: string;
  kind: string;
  path?: string;
  created: boolean;
  config: string;
  notice?: string;
}

let server: RunningServer;
useServer((s) => {
  server = s;
});

const env = () => ({ CPK_URL: server.url, CPK_DATA_DIR: server.dataDir });
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=dev', ...args], {
    cwd,
    encoding: 'utf8',
  });
const configOf = (folder: string) => readFileSync(join(folder, '.codepakt', 'config.json'), 'utf8');

/** A repository whose `cpk init` output (config, protocol files) is committed, as a team shares it. */
let repo: string;
let projectId: string;
beforeAll(async () => {
  repo = join(tempDir('cpk-git-'), 'app');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  const init = await cpk(['init', '--name', 'app'], { cwd: repo, env: env() });
  expect(init.code, init.stderr).toBe(0);
  projectId = init.json<InitAnswer>().project_id;
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'codepakt board');
  // The database stays out of version control; the config is committed.
  expect(git(repo, 'ls-files', '.codepakt')).toBe(
    '.codepakt/.gitignore\n.codepakt/AGENTS.md\n.codepakt/CLAUDE.md\n.codepakt/config.json\n',
  );
});

async function initKeeps(folder: string): Promise<InitAnswer> {
  const before = configOf(folder);
  const res = await cpk(['init'], { cwd: folder, env: env() });
  expect(res.code, res.stderr).toBe(0);
  expect(res.stderr).toBe('');
  const out = res.json<InitAnswer>();
  expect(out).toMatchObject({ project_id: projectId, kind: 'folder', path: repo, created: false });
  expect(configOf(folder)).toBe(before);
  return out;
}

describe('cpk init in a git worktree or clone of a repo that commits its config joins the same board', () => {
  it('a worktree: same project, config unchanged, nothing registered, a clean tree; tasks shared both ways', async () => {
    const feature = join(repo, '..', 'feature');
    git(repo, 'worktree', 'add', '-q', feature);
    const out = await initKeeps(feature);
    expect(out.config).toBe(join(feature, '.codepakt', 'config.json'));
    await initKeeps(feature); // idempotent
    expect(git(feature, 'status', '--porcelain')).toBe('');
    // No database in the worktree, no second registration on the server.
    expect(existsSync(join(feature, '.codepakt', 'data.db'))).toBe(false);
    const projects = JSON.parse(readFileSync(join(server.dataDir, 'projects.json'), 'utf8')) as { id: string }[];
    expect(projects.filter((p) => p.id === projectId)).toHaveLength(1);
    expect(projects).toHaveLength(1);

    const added = await cpk(['task', 'add', '--title', 'From the worktree'], { cwd: feature, env: env() });
    expect(added.code, added.stderr).toBe(0);
    await cpk(['task', 'add', '--title', 'From the main checkout'], { cwd: repo, env: env() });
    for (const folder of [repo, feature]) {
      const list = (await cpk(['task', 'list'], { cwd: folder, env: env() })).json<{ title: string }[]>();
      expect(list.map((t) => t.title)).toEqual(['From the worktree', 'From the main checkout']);
    }
  });

  it('a clone: the same', async () => {
    const clone = join(tempDir('cpk-clone-'), 'app-clone');
    git(join(clone, '..'), 'clone', '-q', repo, clone);
    await initKeeps(clone);
    await initKeeps(clone);
    expect(git(clone, 'status', '--porcelain')).toBe('');
    await cpk(['task', 'add', '--title', 'From the clone'], { cwd: clone, env: env() });
    const list = (await cpk(['task', 'list'], { cwd: repo, env: env() })).json<{ title: string }[]>();
    expect(list.map((t) => t.title)).toContain('From the clone');
  });

  it('a subfolder of a checkout: the config found in the parent is kept, none written below it', async () => {
    const deep = join(repo, 'src', 'lib');
    mkdirSync(deep, { recursive: true });
    const res = await cpk(['init'], { cwd: deep, env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<InitAnswer>()).toMatchObject({
      project_id: projectId,
      created: false,
      config: join(repo, '.codepakt', 'config.json'),
    });
    expect(existsSync(join(deep, '.codepakt'))).toBe(false);
  });

  it('the main checkout itself: the folder of its own project, kept with created false', async () => {
    await initKeeps(repo);
    expect(git(repo, 'status', '--porcelain', '--', '.codepakt')).toBe('');
  });
});
