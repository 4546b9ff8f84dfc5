import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type CpkResult, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
const others: Server[] = [];

beforeAll(async () => {
  server = await startServer({ env: { CPK_TOKEN: '' } });
  project = await initProject(server, 'hostile');
  project.env = { ...project.env, CPK_TOKEN: '', CPK_PORT: '', CPK_AGENT: '' };
});
afterAll(async () => {
  await server?.stop();
  for (const s of others) s.close();
  removeTempDirs();
});

/** The documented failure shape: nothing on stdout, exactly one JSON line on stderr naming the problem. */
function expectOneLine(res: CpkResult, exit: number, code: string, mentions: (string | RegExp)[] = []): void {
  expect(res.code, `${res.stderr}`).toBe(exit);
  expect(res.stdout).toBe('');
  const lines = res.stderr.trim().split('\n');
  expect(lines, res.stderr).toHaveLength(1);
  const err = JSON.parse(lines[0]!) as { error: string; message: string };
  expect(err.error).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  for (const m of mentions)
    expect(err.message).toMatch(typeof m === 'string' ? new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : m);
  expect(err.message).not.toMatch(/\n\s+at /);
}

async function taskCount(): Promise<number> {
  const res = await createClient(server.url).GET('/api/tasks', {
    params: { query: { project_id: project.projectId, limit: 1000 } },
  });
  return res.data!.data.length;
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createTcpServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Something else answering on a port: a web page, a proxy error, an empty reply. */
async function impostor(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const srv = createServer(handler);
  others.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
}

describe('cpk task add --batch with a bad file', () => {
  const cases: [string, (dir: string) => string, string, (string | RegExp)[]][] = [
    ['a file that does not exist', () => 'missing.json', 'batch_unreadable', ['missing.json', 'ENOENT']],
    ['a directory', (dir) => (mkdirSync(join(dir, 'adir')), 'adir'), 'batch_unreadable', ['adir', 'EISDIR']],
    [
      'an empty file',
      (dir) => (writeFileSync(join(dir, 'empty.json'), ''), 'empty.json'),
      'batch_invalid',
      ['empty.json', 'not valid JSON'],
    ],
    [
      'truncated JSON',
      (dir) => (writeFileSync(join(dir, 'cut.json'), '[{"title": "a"'), 'cut.json'),
      'batch_invalid',
      ['cut.json', 'not valid JSON'],
    ],
    [
      'binary garbage',
      (dir) => (writeFileSync(join(dir, 'bin.json'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b])), 'bin.json'),
      'batch_invalid',
      ['bin.json'],
    ],
    [
      'an object instead of an array',
      (dir) => (writeFileSync(join(dir, 'obj.json'), '{"title": "a"}'), 'obj.json'),
      'batch_invalid',
      ['array'],
    ],
    [
      'an empty array',
      (dir) => (writeFileSync(join(dir, 'none.json'), '[]'), 'none.json'),
      'batch_invalid',
      ['non-empty'],
    ],
    [
      'an item that is not an object',
      (dir) => (writeFileSync(join(dir, 'num.json'), '[{"title": "ok"}, 42]'), 'num.json'),
      'batch_invalid',
      ['[1]'],
    ],
    [
      'an item with a misspelt key',
      (dir) => (writeFileSync(join(dir, 'typo.json'), '[{"title": "ok"}, {"titel": "x"}]'), 'typo.json'),
      'batch_invalid',
      ['[1]', 'titel'],
    ],
  ];

  it.each(cases)('%s: exit 2, one line naming it, nothing created', async (_label, make, code, mentions) => {
    const before = await taskCount();
    const file = make(project.cwd);
    const res = await cpk(['task', 'add', '--batch', file], project);
    expectOneLine(res, 2, code, mentions);
    expect(await taskCount()).toBe(before);
  });

  it('items the server rejects: exit 1 naming the item and field, nothing created', async () => {
    const before = await taskCount();
    writeFileSync(
      join(project.cwd, 'bad-values.json'),
      JSON.stringify([{ title: 'fine' }, { title: 'x'.repeat(500) }, { title: 'p', priority: 'urgent' }]),
    );
    const res = await cpk(['task', 'add', '--batch', 'bad-values.json'], project);
    expectOneLine(res, 1, 'validation_error', ['1.title']);
    expect(await taskCount()).toBe(before);
  });

  it('a batch over the body limit: exit 1 payload_too_large, nothing created', async () => {
    const before = await taskCount();
    const big = Array.from({ length: 200 }, (_, i) => ({ title: `big ${i}`, description: 'd'.repeat(10_000) }));
    writeFileSync(join(project.cwd, 'big.json'), JSON.stringify(big));
    const res = await cpk(['task', 'add', '--batch', 'big.json'], project);
    expectOneLine(res, 1, 'payload_too_large', ['bytes']);
    expect(await taskCount()).toBe(before);
  });
});

describe('cpk with bad flags and values', () => {
  it.each([
    [['task', 'add']], // no title
    [['task', 'add', '--title']], // flag without its value
    [['task', 'list', '--limit', '-5']],
    [['task', 'list', '--limit', '1e9']],
    [['task', 'pickup', '--agent', 'a', '--wait', 'forever']],
    [['task', 'pickup', '--agent', 'a', '--wait', '-1']],
    [['task', 'show']],
    [['task', 'done']],
    [['docs', 'write', '--type', 'novel', '--title', 't', '--body', 'b']],
    [['docs', 'search']],
    [['events', '--limit', 'lots']],
    [['task', 'list', '--human', '--human', '--nope']],
  ])('%j: exit 2 with one line and nothing on stdout', async (args) => {
    const res = await cpk(args, project);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    // --human asks for text, errors included.
    if (args.includes('--human')) expect(res.stderr).toMatch(/^error: /);
    else expect(() => JSON.parse(res.stderr) as unknown).not.toThrow();
  });
});

describe('cpk outside any project', () => {
  it.each([
    [['task', 'list']],
    [['task', 'add', '--title', 'orphan']],
    [['task', 'pickup', '--agent', 'a']],
    [['task', 'add', '--batch', 'x.json']],
    [['docs', 'search', 'anything']],
    [['board', 'status']],
    [['agent', 'list']],
    [['events']],
    [['generate']],
  ])('%j in an empty folder: exit 1 no_project telling to run cpk init, nothing written there', async (args) => {
    const empty = tempDir('cpk-empty-');
    const res = await cpk(args, { cwd: empty, env: project.env });
    expectOneLine(res, 1, 'no_project', ['cpk init', empty]);
    expect(readdirSync(empty)).toEqual([]);
  });
});

describe('cpk when the server cannot be reached or is not codepakt', () => {
  it('a closed port from the config file: exit 3 naming the URL, for every kind of command', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const cwd = tempDir('cpk-down-');
    mkdirSync(join(cwd, '.codepakt'));
    writeFileSync(join(cwd, '.codepakt', 'config.json'), JSON.stringify({ url, project_id: project.projectId }));
    for (const args of [
      ['task', 'list'],
      ['task', 'pickup', '--agent', 'a', '--wait', '5'],
      ['docs', 'search', 'x'],
      ['board', 'status'],
      ['config', 'show'],
    ]) {
      const res = await cpk(args, { cwd, env: { ...project.env, CPK_URL: '' } });
      expectOneLine(res, 3, 'server_unreachable', [url, 'cpk server start']);
    }
  });

  it('a name that does not resolve: exit 3 naming it', async () => {
    const res = await cpk(['task', 'list'], {
      cwd: project.cwd,
      env: { ...project.env, CPK_URL: 'http://cpk-does-not-exist.invalid:41920' },
    });
    expectOneLine(res, 3, 'server_unreachable', ['cpk-does-not-exist.invalid']);
  });

  it.each([
    ['CPK_URL', { CPK_URL: 'not a url' }],
    ['CPK_URL', { CPK_URL: 'ftp://127.0.0.1:41920' }],
    ['CPK_URL', { CPK_URL: 'http://127.0.0.1:99999' }],
    ['CPK_PORT', { CPK_URL: '', CPK_PORT: 'eighty' }],
  ])('a malformed %s (%j): exit 2 naming the variable and its value', async (name, env) => {
    const cwd = tempDir('cpk-badurl-');
    const res = await cpk(['init'], { cwd, env: { ...project.env, ...env } });
    expectOneLine(res, 2, 'invalid_url', [name]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('another program on the port (a web page, a proxy error, an empty reply): exit 1 saying it is not the codepakt API', async () => {
    const page = await impostor((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome</body></html>');
    });
    const gateway = await impostor((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const emptyJson = await impostor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('');
    });
    for (const url of [page, gateway, emptyJson]) {
      const res = await cpk(['task', 'list'], { cwd: project.cwd, env: { ...project.env, CPK_URL: url } });
      expect(res.code, res.stderr).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      const err = JSON.parse(res.stderr) as { error: string; message: string };
      expect(err.message, url).toContain(url);
      expect(err.message, url).toMatch(/codepakt|answered/);
    }
  });

  it('a server that accepts the connection and never answers: exit 3 after CPK_TIMEOUT, not a hang', async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const res = await cpk(['task', 'list'], {
        cwd: project.cwd,
        env: { ...project.env, CPK_URL: url, CPK_TIMEOUT: '1' },
      });
      expectOneLine(res, 3, 'server_unreachable', [url, 'no answer within 1 s']);
      // A long-polling pickup may be silent for its wait; the limit grows by it.
      const started = Date.now();
      const waiting = await cpk(['task', 'pickup', '-a', 'w', '--wait', '2'], {
        cwd: project.cwd,
        env: { ...project.env, CPK_URL: url, CPK_TIMEOUT: '1' },
      });
      expectOneLine(waiting, 3, 'server_unreachable', ['no answer within 3 s']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    } finally {
      silent.close();
    }
  });

  it('the server goes away between two commands: the second one exits 3, the first one’s write is kept', async () => {
    const s = await startServer({ env: { CPK_TOKEN: '' } });
    const p = await initProject(s, 'vanishing');
    const env = { ...p.env, CPK_TOKEN: '' };
    expect((await cpk(['task', 'add', '--title', 'kept'], { cwd: p.cwd, env })).code).toBe(0);
    await s.kill();
    const res = await cpk(['task', 'add', '--title', 'not sent'], { cwd: p.cwd, env });
    expectOneLine(res, 3, 'server_unreachable', [s.url]);
    const again = await startServer({ dataDir: s.dataDir, env: { CPK_TOKEN: '' } });
    try {
      const list = await cpk(['task', 'list'], { cwd: p.cwd, env: { ...env, CPK_URL: again.url } });
      expect(list.code, list.stderr).toBe(0);
      expect(list.json<{ title: string }[]>().map((t) => t.title)).toEqual(['kept']);
    } finally {
      await again.stop();
    }
  });
});
