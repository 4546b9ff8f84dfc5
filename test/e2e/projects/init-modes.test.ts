import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, startServer, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';

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

const env = () => ({ CPK_URL: server.url, CPK_DATA_DIR: server.dataDir });
const init = (cwd: string, ...args: string[]) => cpk(['init', ...args], { cwd, env: env() });
const configFile = (folder: string) => join(folder, '.codepakt', 'config.json');
const registered = () =>
  JSON.parse(readFileSync(join(server.dataDir, 'projects.json'), 'utf8')) as { id: string; name: string }[];

describe('cpk init --hosted', () => {
  it('makes a hosted project, kept by every later init; it lists, checks and works like a folder project', async () => {
    const cwd = tempDir('cpk-hosted-');
    const first = await init(cwd, '--hosted', '--name', 'hosted-one');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const out = first.json<InitAnswer>();
    expect(out).toMatchObject({ name: 'hosted-one', kind: 'hosted', created: true, config: configFile(cwd) });
    expect(out.path).toBeUndefined();
    const config = readFileSync(configFile(cwd), 'utf8');
    expect(JSON.parse(config)).toEqual({ url: server.url, project_id: out.project_id });
    expect(existsSync(join(cwd, '.codepakt', 'data.db'))).toBe(false);

    for (const args of [['--hosted'], []]) {
      const again = await init(cwd, ...args);
      expect(again.code, again.stderr).toBe(0);
      expect(again.json<InitAnswer>()).toMatchObject({ project_id: out.project_id, kind: 'hosted', created: false });
      expect(readFileSync(configFile(cwd), 'utf8')).toBe(config);
    }

    expect((await cpk(['task', 'add', '--title', 'Hosted work'], { cwd, env: env() })).code).toBe(0);
    const doctor = await cpk(['doctor'], { cwd, env: env() });
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(doctor.json()).toMatchObject({
      ok: true,
      file: join(server.dataDir, 'projects', out.project_id, 'data.db'),
    });
    const show = await cpk(['config', 'show', '--human'], { cwd, env: env() });
    expect(show.stdout).toMatch(/path\s+\(hosted\)/);
    const board = await cpk(['board', 'status'], { cwd, env: env() });
    expect(board.json<{ total: number }>().total).toBe(1);
  });

  it('in a folder whose config names a folder project: refused, config unchanged; --new --hosted starts one', async () => {
    const cwd = tempDir('cpk-hosted-');
    const folder = (await init(cwd, '--name', 'folder-first')).json<InitAnswer>();
    const config = readFileSync(configFile(cwd), 'utf8');
    const refused = await init(cwd, '--hosted');
    expect(refused.code).toBe(1);
    expect(refused.error()).toMatchObject({ error: 'project_exists' });
    expect(refused.error().message).toContain('cpk init --new --hosted');
    expect(readFileSync(configFile(cwd), 'utf8')).toBe(config);

    const fresh = await init(cwd, '--new', '--hosted', '--name', 'hosted-instead');
    expect(fresh.code, fresh.stderr).toBe(0);
    const out = fresh.json<InitAnswer>();
    expect(out).toMatchObject({ kind: 'hosted', created: true });
    expect(out.project_id).not.toBe(folder.project_id);
    expect(JSON.parse(readFileSync(configFile(cwd), 'utf8')).project_id).toBe(out.project_id);
  });
});

describe('a config naming a project the server does not know', () => {
  it('without its database in the folder: exit 1 naming the config and the id, the way out, nothing written', async () => {
    const cwd = tempDir('cpk-unknown-');
    mkdirSync(join(cwd, '.codepakt'));
    const config = `${JSON.stringify({ url: server.url, project_id: 'gone-project' })}\n`;
    writeFileSync(configFile(cwd), config);
    const before = registered();
    const res = await init(cwd);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    const err = res.error();
    expect(err.error).toBe('project_not_found');
    expect(err.message).toContain(`${configFile(cwd)} names project gone-project, which the server at ${server.url}`);
    expect(err.message).toContain('cpk init --join <project id or name>');
    expect(err.message).toContain('cpk init --new');
    expect(readFileSync(configFile(cwd), 'utf8')).toBe(config);
    expect(existsSync(join(cwd, '.codepakt', 'data.db'))).toBe(false);
    expect(registered()).toEqual(before);

    const fresh = await init(cwd, '--new');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.json<InitAnswer>()).toMatchObject({ kind: 'folder', path: cwd, created: true });
    expect(JSON.parse(readFileSync(configFile(cwd), 'utf8')).project_id).toBe(fresh.json<InitAnswer>().project_id);
  });

  it("with its own database (another server's project): re-attached, same id and board, config naming this server", async () => {
    const cwd = tempDir('cpk-reattach-');
    const other = await startServer();
    try {
      const otherEnv = { CPK_URL: other.url, CPK_DATA_DIR: other.dataDir };
      expect((await cpk(['init', '--name', 'wanderer'], { cwd, env: otherEnv })).code).toBe(0);
      await cpk(['task', 'add', '--title', 'Kept'], { cwd, env: otherEnv });
    } finally {
      await other.stop();
    }
    const id = JSON.parse(readFileSync(configFile(cwd), 'utf8')).project_id as string;
    for (let run = 0; run < 2; run++) {
      const res = await init(cwd);
      expect(res.code, res.stderr).toBe(0);
      expect(res.json<InitAnswer>()).toMatchObject({ project_id: id, kind: 'folder', path: cwd, created: false });
      // The same id, now with the address of the server that serves it.
      expect(JSON.parse(readFileSync(configFile(cwd), 'utf8'))).toEqual({ url: server.url, project_id: id });
    }
    const tasks = (await cpk(['task', 'list'], { cwd, env: env() })).json<{ title: string }[]>();
    expect(tasks.map((t) => t.title)).toEqual(['Kept']);
  });

  it("holding another project's database: 409 with the way out, and no project made", async () => {
    const original = tempDir('cpk-original-');
    const source = (await init(original, '--name', 'source-of-copy')).json<InitAnswer>();
    const cwd = tempDir('cpk-mismatch-');
    // The whole folder: the database's latest writes may still be in its write-ahead log.
    cpSync(join(original, '.codepakt'), join(cwd, '.codepakt'), { recursive: true });
    writeFileSync(configFile(cwd), JSON.stringify({ url: server.url, project_id: 'someone-else' }));
    const before = registered();
    const res = await init(cwd);
    expect(res.code).toBe(1);
    expect(res.error().error).toBe('conflict');
    expect(res.error().message).toContain(`is project ${source.project_id}, not project someone-else`);
    expect(res.error().message).toContain('cpk init --join');
    expect(registered()).toEqual(before);
  });
});

describe('a copy of a project folder', () => {
  it('joins the board it was copied from, saying that its own database is not used; --new forks it', async () => {
    const original = tempDir('cpk-original-');
    const made = (await init(original, '--name', 'copied')).json<InitAnswer>();
    const copy = join(tempDir('cpk-copy-'), 'copy');
    cpSync(original, copy, { recursive: true });
    const config = readFileSync(configFile(copy), 'utf8');
    const res = await init(copy);
    expect(res.code, res.stderr).toBe(0);
    const out = res.json<InitAnswer>();
    expect(out).toMatchObject({ project_id: made.project_id, path: original, created: false });
    expect(out.notice).toContain(`${join(copy, '.codepakt', 'data.db')} is not used`);
    expect(res.stderr).toBe(`note: ${out.notice}\n`);
    expect(readFileSync(configFile(copy), 'utf8')).toBe(config);

    const forked = await init(copy, '--new');
    expect(forked.code, forked.stderr).toBe(0);
    expect(forked.json<InitAnswer>()).toMatchObject({ path: copy, created: true });
    expect(forked.json<InitAnswer>().project_id).not.toBe(made.project_id);
  });
});

describe('cpk init --join', () => {
  it('an unknown id or name: exit 1, project_not_found naming it and the projects there; nothing written', async () => {
    await init(tempDir('cpk-known-'), '--name', 'known-one');
    for (const ref of ['no-such-project-id', 'No Such Name']) {
      const cwd = tempDir('cpk-join-');
      const res = await init(cwd, '--join', ref);
      expect(res.code).toBe(1);
      expect(res.error().error).toBe('project_not_found');
      expect(res.error().message).toContain(`No project with id or name ${JSON.stringify(ref)} on the server at`);
      expect(res.error().message).toContain('known-one (');
      expect(existsSync(join(cwd, '.codepakt'))).toBe(false);
    }
  });

  it('an ambiguous name: exit 1 listing the ids, joining by id works', async () => {
    const a = (await init(tempDir('cpk-twin-'), '--name', 'twin')).json<InitAnswer>();
    const b = (await init(tempDir('cpk-twin-'), '--hosted', '--name', 'twin')).json<InitAnswer>();
    const cwd = tempDir('cpk-join-');
    const res = await init(cwd, '--join', 'twin');
    expect(res.code).toBe(1);
    expect(res.error().error).toBe('ambiguous_project');
    expect(res.error().message).toContain(a.project_id);
    expect(res.error().message).toContain(`${b.project_id} (hosted)`);
    expect(existsSync(join(cwd, '.codepakt'))).toBe(false);
    const byId = await init(cwd, '--join', b.project_id);
    expect(byId.json<InitAnswer>()).toMatchObject({ project_id: b.project_id, created: false });
  });

  it('replaces a config naming another project (asked for), then is idempotent', async () => {
    const target = (await init(tempDir('cpk-target-'), '--name', 'join-target')).json<InitAnswer>();
    const cwd = tempDir('cpk-rejoin-');
    await init(cwd, '--name', 'was-here');
    const res = await init(cwd, '--join', 'join-target');
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<InitAnswer>()).toMatchObject({ project_id: target.project_id, path: target.path, created: false });
    const config = readFileSync(configFile(cwd), 'utf8');
    expect(JSON.parse(config)).toEqual({ url: server.url, project_id: target.project_id });
    await init(cwd, '--join', 'join-target');
    expect(readFileSync(configFile(cwd), 'utf8')).toBe(config);
    expect(registered().filter((p) => p.id === target.project_id)).toHaveLength(1);
  });

  it('with --hosted, --new or --name: a usage error (exit 2)', async () => {
    for (const extra of [['--hosted'], ['--new'], ['--name', 'x']]) {
      const res = await init(tempDir('cpk-join-'), '--join', 'anything', ...extra);
      expect(res.code).toBe(2);
      expect(res.error()).toMatchObject({ error: 'invalid_option' });
    }
  });

  it('cpk init --help explains keeping, joining, hosted and new', async () => {
    const res = await cpk(['init', '--help']);
    expect(res.code).toBe(0);
    for (const text of ['--join <project>', '--hosted', '--new', 'worktree', 'never writes another id', 'idempotent'])
      expect(res.stdout).toContain(text);
  });
});
