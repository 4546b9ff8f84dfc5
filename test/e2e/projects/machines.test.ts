import { beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cpk, type CpkResult, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Two machines against one server, on one box: "machine B" runs cpk in a mount namespace of its own,
 * where its disk (`disk`) is mounted at `mount`. The server sees `mount` as the empty folder it is on
 * the host, so B's folders there do not exist for it, or are other folders at the same path.
 */
const canUnshare = spawnSync('unshare', ['-m', 'true']).status === 0;

interface InitAnswer {
  project_id: string;
  name: string;
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

let disk: string;
let mount: string;
let dataDirB: string;
beforeAll(() => {
  disk = tempDir('cpk-disk-b-');
  mount = tempDir('cpk-mount-');
  dataDirB = tempDir('cpk-data-b-');
});

/** `cpk args` on machine B, in `folder` (a path under `mount`, as B sees it). */
function onB(folder: string, args: string[]): Promise<CpkResult> {
  const script = 'mount --bind "$1" "$2" && cd "$3" && shift 3 && exec "$@"';
  const argv = ['-m', 'sh', '-c', script, 'sh', disk, mount, folder, process.execPath, CLI, ...args];
  const env = { ...process.env, CPK_AGENT: '', CPK_URL: server.url, CPK_DATA_DIR: dataDirB };
  return new Promise((resolve) => {
    execFile('unshare', argv, { env }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => JSON.parse(stdout.trim()) as T,
        error: () => JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as { error: string; message: string },
      });
    });
  });
}

/** Machine A: the server's own. */
const onA = (cwd: string, args: string[]) =>
  cpk(args, { cwd, env: { CPK_URL: server.url, CPK_DATA_DIR: server.dataDir } });

const projectsOnServer = () =>
  JSON.parse(readFileSync(join(server.dataDir, 'projects.json'), 'utf8')) as { id: string; kind: string }[];

describe.skipIf(!canUnshare)('a second machine joins the board of a server that cannot see its folders', () => {
  it('a folder not on the server: a hosted project, said once on stderr and in the answer; again: the same', async () => {
    mkdirSync(join(disk, 'webapp'));
    const folder = join(mount, 'webapp');
    const first = await onB(folder, ['init']);
    expect(first.code, first.stderr).toBe(0);
    const out = first.json<InitAnswer>();
    expect(out).toMatchObject({ name: 'webapp', kind: 'hosted', created: true });
    expect(out.path).toBeUndefined();
    expect(out.notice).toBe(
      `${folder} does not exist on the server: made a hosted project, its data kept by the server`,
    );
    expect(first.stderr).toBe(`note: ${out.notice}\n`);
    // Written on B's disk; nothing of it on the server's side of the path, no probe left behind.
    const config = readFileSync(join(disk, 'webapp', '.codepakt', 'config.json'), 'utf8');
    expect(JSON.parse(config)).toEqual({ url: server.url, project_id: out.project_id });
    expect(readdirSync(join(disk, 'webapp', '.codepakt')).filter((f) => f.startsWith('.probe'))).toEqual([]);
    expect(readdirSync(mount)).toEqual([]);
    expect(existsSync(join(server.dataDir, 'projects', out.project_id, 'data.db'))).toBe(true);

    const again = await onB(folder, ['init']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.json<InitAnswer>()).toMatchObject({ project_id: out.project_id, kind: 'hosted', created: false });
    expect(readFileSync(join(disk, 'webapp', '.codepakt', 'config.json'), 'utf8')).toBe(config);

    // Machine A joins it by name and by id from folders without a config; both boards are one.
    expect((await onB(folder, ['task', 'add', '--title', 'Written on B'])).code).toBe(0);
    const byName = tempDir('cpk-a-by-name-');
    const joined = await onA(byName, ['init', '--join', 'webapp']);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.json<InitAnswer>()).toMatchObject({ project_id: out.project_id, kind: 'hosted', created: false });
    const joinedConfig = readFileSync(join(byName, '.codepakt', 'config.json'), 'utf8');
    const joinedAgain = await onA(byName, ['init', '--join', 'webapp']);
    expect(joinedAgain.json<InitAnswer>()).toMatchObject({ project_id: out.project_id, created: false });
    expect(readFileSync(join(byName, '.codepakt', 'config.json'), 'utf8')).toBe(joinedConfig);
    // A plain init there keeps it too.
    expect((await onA(byName, ['init'])).json<InitAnswer>()).toMatchObject({ project_id: out.project_id });

    const byId = tempDir('cpk-a-by-id-');
    const joinedById = await onA(byId, ['init', '--join', out.project_id]);
    expect(joinedById.json<InitAnswer>().project_id).toBe(out.project_id);
    expect((await onA(byId, ['task', 'add', '--title', 'Written on A'])).code).toBe(0);
    const seenOnB = (await onB(folder, ['task', 'list'])).json<{ title: string }[]>();
    expect(seenOnB.map((t) => t.title)).toEqual(['Written on B', 'Written on A']);
    // Joining registered no path: one hosted project, nothing else.
    expect(projectsOnServer()).toEqual([expect.objectContaining({ id: out.project_id, kind: 'hosted' })]);
    expect(existsSync(join(byName, '.codepakt', 'data.db'))).toBe(false);
  });

  it("a folder at the same path on both machines: the server's is not taken for B's", async () => {
    mkdirSync(join(mount, 'same'));
    mkdirSync(join(disk, 'same'));
    const res = await onB(join(mount, 'same'), ['init', '--name', 'same-path']);
    expect(res.code, res.stderr).toBe(0);
    const out = res.json<InitAnswer>();
    expect(out).toMatchObject({ kind: 'hosted', created: true });
    expect(out.notice).toMatch(/same is not the caller's folder: .*another machine/);
    expect(res.stderr).toBe(`note: ${out.notice}\n`);
    // The server's folder at that path is left as it was.
    expect(readdirSync(join(mount, 'same'))).toEqual([]);
    expect(existsSync(join(disk, 'same', '.codepakt', 'config.json'))).toBe(true);
  });

  it('a clone on B of a repo whose committed config names a folder project on A: joins it, registering nothing', async () => {
    const repo = join(tempDir('cpk-repo-a-'), 'shared');
    mkdirSync(repo);
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=dev', ...args], { cwd });
    git(repo, 'init', '-q');
    const made = (await onA(repo, ['init', '--name', 'shared'])).json<InitAnswer>();
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'board');
    const before = projectsOnServer();

    git(disk, 'clone', '-q', repo, join(disk, 'shared-clone'));
    const config = readFileSync(join(disk, 'shared-clone', '.codepakt', 'config.json'), 'utf8');
    const res = await onB(join(mount, 'shared-clone'), ['init']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.json<InitAnswer>()).toMatchObject({
      project_id: made.project_id,
      kind: 'folder',
      path: repo,
      created: false,
    });
    expect(readFileSync(join(disk, 'shared-clone', '.codepakt', 'config.json'), 'utf8')).toBe(config);
    expect(projectsOnServer()).toEqual(before);
    expect((await onB(join(mount, 'shared-clone'), ['task', 'add', '--title', 'From B'])).code).toBe(0);
    const onAList = (await onA(repo, ['task', 'list'])).json<{ title: string }[]>();
    expect(onAList.map((t) => t.title)).toEqual(['From B']);
  });
});
