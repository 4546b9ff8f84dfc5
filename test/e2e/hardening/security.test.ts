import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, ROOT, SERVER, type RunningServer } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';
import { expectEnvelope, rawRequest, runNode } from './http.js';
import { plainServers } from './plain-servers.js';

/** Where the server listens, and a server with a token: reachable only as configured, every route behind the bearer. */

const server = plainServers();

/** An address of this machine that is not loopback, if it has one. */
function externalIPv4(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('where the server listens', () => {
  it('binds 127.0.0.1 by default: unreachable through the machine’s other addresses', async () => {
    const s = await server();
    const info = JSON.parse(readFileSync(join(s.dataDir, 'server.json'), 'utf8')) as { host: string; url: string };
    expect(info.host).toBe('127.0.0.1');
    expect(info.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(await canConnect('127.0.0.1', s.port)).toBe(true);
    const external = externalIPv4();
    if (external) expect(await canConnect(external, s.port), `reachable on ${external}`).toBe(false);
  });

  it.each([
    ['0.0.0.0 (flag)', ['--host', '0.0.0.0'], {}],
    [':: (flag)', ['--host', '::'], {}],
    ['a LAN address', ['--host', '192.0.2.10'], {}],
    ['a name that merely starts with 127.', ['--host', '127.0.0.1.example.com'], {}],
    ['CPK_HOST from the environment', [], { CPK_HOST: '0.0.0.0' }],
    ['an empty --token', ['--host', '0.0.0.0', '--token', ''], {}],
  ])('node dist/server.js refuses a non-loopback host without a token: %s', async (_label, args, env) => {
    const dataDir = tempDir('cpk-refuse-');
    const res = await runNode([SERVER, '--port', '0', '--data-dir', dataDir, ...args], {
      CPK_TOKEN: '',
      CPK_HOST: '',
      ...env,
    });
    expect(res.code, res.output).toBe(1);
    expect(res.output).toMatch(/Refusing to listen on \S+ without a token: pass --token or set CPK_TOKEN/);
    expect(res.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  });

  it('cpk server start refuses a LAN address and CPK_HOST=:: without a token (daemon and foreground)', async () => {
    for (const [args, extraEnv] of [
      [['--host', '192.0.2.10'], {}],
      [[], { CPK_HOST: '::' }],
      [['--foreground', '--host', '0.0.0.0'], {}],
    ] as const) {
      const dataDir = tempDir('cpk-refuse-');
      const res = await cpk(['server', 'start', '--port', '0', ...args], {
        env: { CPK_DATA_DIR: dataDir, CPK_TOKEN: '', CPK_HOST: '', CPK_PORT: '', ...extraEnv },
      });
      expect(res.code, `${args.join(' ')} ${res.stderr}`).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.error()).toMatchObject({ error: 'start_failed' });
      expect(res.error().message).toMatch(/without a token/);
      expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
    }
  });

  it('with CPK_TOKEN a server on all interfaces is reachable from outside, and only with the bearer', async () => {
    const s = await server({ args: ['--host', '0.0.0.0'], env: { CPK_TOKEN: 'env-secret' } });
    const external = externalIPv4() ?? '127.0.0.1';
    const base = `http://${external}:${s.port}`;
    const anonymous = await rawRequest(base, '/api/projects');
    expect(anonymous.status).toBe(401);
    expectEnvelope(anonymous.json(), 'unauthorized');
    const wrong = await rawRequest(base, '/api/projects', { headers: { authorization: 'Bearer env-secre' } });
    expect(wrong.status).toBe(401);
    expect((await rawRequest(base, '/api/projects', { headers: { authorization: 'Bearer env-secret' } })).status).toBe(
      200,
    );
    expect((await rawRequest(base, '/health')).status).toBe(200);
  });
});

describe('a server with a token', () => {
  let s: RunningServer;
  let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
  beforeAll(async () => {
    s = await server({ args: ['--token', 'tok-123'] });
    const cwd = tempDir('cpk-token-');
    const env = { CPK_URL: s.url, CPK_DATA_DIR: s.dataDir, CPK_TOKEN: 'tok-123' };
    const init = await cpk(['init', '--name', 'guarded'], { cwd, env });
    expect(init.code, init.stderr).toBe(0);
    project = { cwd, env, projectId: init.json<{ project_id: string }>().project_id };
  });

  it('cpk with CPK_TOKEN works end to end: add, pickup, done, docs, board', async () => {
    const run = (args: string[]) => cpk(args, project);
    const add = await run(['task', 'add', '--title', 'guarded work']);
    expect(add.code, add.stderr).toBe(0);
    const pickup = await run(['task', 'pickup', '--agent', 'a1']);
    expect(pickup.code, pickup.stderr).toBe(0);
    const number = pickup.json<{ task_number: string }>().task_number;
    expect((await run(['task', 'done', number, '--agent', 'a1'])).code).toBe(0);
    expect((await run(['docs', 'write', '--type', 'decision', '--title', 'Token', '--body', 'kept secret'])).code).toBe(
      0,
    );
    const board = await run(['board', 'status']);
    expect(board.code, board.stderr).toBe(0);
  });

  it.each([
    ['no token', ''],
    ['a wrong token', 'tok-12'],
    ['a longer token', 'tok-1234'],
  ])('cpk with %s exits 1 with one `unauthorized` line and changes nothing', async (_label, token) => {
    const env = { ...project.env, CPK_TOKEN: token };
    for (const args of [
      ['task', 'list'],
      ['task', 'add', '--title', 'sneaky'],
      ['task', 'pickup', '--agent', 'intruder'],
      ['board', 'status'],
    ]) {
      const res = await cpk(args, { cwd: project.cwd, env });
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.error().error).toBe('unauthorized');
    }
    const api = createClient(s.url, { token: 'tok-123' });
    const tasks = await api.GET('/api/tasks', { params: { query: { project_id: project.projectId } } });
    expect(tasks.data!.data.map((t) => t.title)).not.toContain('sneaky');
    const events = await api.GET('/api/events', {
      params: { query: { project_id: project.projectId, actor: 'intruder' } },
    });
    expect(events.data!.data).toEqual([]);
  });

  it('every /api operation of the contract answers 401 without the bearer; /health, /openapi.json and / stay open', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))) {
        const concrete = `${path.replace(/\{[^}]+\}/g, 'T-001')}?project_id=${project.projectId}`;
        const res = await rawRequest(s.url, concrete, {
          method: method.toUpperCase(),
          headers: method === 'get' ? {} : { 'content-type': 'application/json' },
          body: method === 'get' ? undefined : '{}',
        });
        if (path.startsWith('/api/')) {
          expect(res.status, `${method} ${path}`).toBe(401);
          expectEnvelope(res.json(), 'unauthorized');
          checked++;
        } else {
          expect(res.status, `${method} ${path}`).toBe(200);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    for (const open of ['/health', '/openapi.json', '/'])
      expect((await rawRequest(s.url, open)).status, open).toBe(200);
  });

  it('the event stream needs the bearer too, and streams with it', async () => {
    const path = `/api/events/stream?project_id=${project.projectId}`;
    const refused = await rawRequest(s.url, path);
    expect(refused.status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${s.url}${path}`, {
      headers: { authorization: 'Bearer tok-123' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    controller.abort();
  });
});
