import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { MAX_BODY_BYTES } from '../../../src/server/app.js';
import { cpk, initProject, ROOT, SERVER, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { type Envelope, expectEnvelope, rawExchange, rawRequest, runNode } from './http.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeTempDirs();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const s = await startServer({ ...options, env: { CPK_TOKEN: '', CPK_HOST: '', ...options.env } });
  servers.push(s);
  return s;
}

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

describe('browser-borne attacks on a local server (real process)', () => {
  let s: RunningServer;
  let projectId: string;
  let host: string;
  beforeAll(async () => {
    s = await server();
    projectId = (await initProject(s)).projectId;
    host = `127.0.0.1:${s.port}`;
    const api = createClient(s.url);
    await api.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: [{ title: 'victim one' }, { title: 'victim two' }],
    });
  });

  const json = (body: unknown) => ({ body: JSON.stringify(body), type: 'application/json' });

  it('a page on another origin can neither pick up, edit, block nor register: 403 and nothing changes', async () => {
    const q = `?project_id=${projectId}`;
    const attacks: [string, string, { body: string; type: string }][] = [
      ['POST', `/api/tasks/pickup${q}`, json({ agent: 'evil' })],
      ['POST', `/api/tasks${q}`, json({ title: 'planted' })],
      ['PATCH', `/api/tasks/T-001${q}`, json({ title: 'defaced', status: 'done' })],
      ['POST', `/api/tasks/T-001/block${q}`, json({ reason: 'owned' })],
      ['POST', `/api/docs${q}`, json({ type: 'decision', title: 'planted', body: 'x' })],
      ['PATCH', `/api/projects/${projectId}`, json({ name: 'defaced' })],
      ['POST', '/api/projects', json({ name: 'planted', path: tempDir('cpk-evil-') })],
    ];
    // (An https origin on this very port cannot exist: the port speaks plain HTTP, so scheme is not compared.)
    const origins = [
      'http://evil.example',
      `http://127.0.0.1:${s.port + 1}`,
      `http://localhost:${s.port}`,
      `http://127.0.0.1.evil.example:${s.port}`,
      'null',
      'not a url',
    ];
    for (const [method, path, body] of attacks) {
      for (const origin of origins) {
        // text/plain is what a form or a no-cors fetch can send without a preflight; JSON is what a preflighted one sends.
        for (const type of [body.type, 'text/plain']) {
          const res = await rawRequest(s.url, path, {
            method,
            headers: { host, origin, 'content-type': type },
            body: body.body,
          });
          expect(res.status, `${method} ${path} from ${origin} as ${type}`).toBe(403);
          expectEnvelope(res.json(), 'forbidden');
          expect(res.headers['access-control-allow-origin']).toBeUndefined();
        }
      }
    }
    const api = createClient(s.url);
    const tasks = (await api.GET('/api/tasks', { params: { query: { project_id: projectId } } })).data!.data;
    expect(tasks.map((t) => [t.title, t.status, t.assignee])).toEqual([
      ['victim one', 'open', null],
      ['victim two', 'open', null],
    ]);
    expect((await api.GET('/api/docs', { params: { query: { project_id: projectId } } })).data!.data).toEqual([]);
    expect((await api.GET('/api/projects')).data!.data.map((p) => p.name)).toEqual(['demo']);
  });

  it('the same origin (the dashboard) may write, and a request without Origin (cpk, curl) may too', async () => {
    const patch = await rawRequest(s.url, `/api/tasks/T-002?project_id=${projectId}`, {
      method: 'PATCH',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      body: JSON.stringify({ priority: 'P0' }),
    });
    expect(patch.status, patch.text).toBe(200);
    const note = await rawRequest(s.url, `/api/tasks/T-002/notes?project_id=${projectId}`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'from a terminal' }),
    });
    expect(note.status, note.text).toBe(201);
  });

  it('a rebound DNS name is refused on every method and path, loopback names are not', async () => {
    for (const badHost of [
      'evil.example',
      `evil.example:${s.port}`,
      `192.0.2.10:${s.port}`,
      `localhost.evil.example:${s.port}`,
      `127.0.0.1.nip.io:${s.port}`,
    ]) {
      for (const [method, path] of [
        ['GET', '/health'],
        ['GET', '/'],
        ['GET', '/openapi.json'],
        ['GET', `/api/tasks?project_id=${projectId}`],
        ['GET', `/api/events/stream?project_id=${projectId}`],
        ['POST', `/api/tasks/pickup?project_id=${projectId}`],
        ['PATCH', `/api/tasks/T-001?project_id=${projectId}`],
        ['DELETE', '/api/projects'],
      ] as const) {
        const res = await rawRequest(s.url, path, {
          method,
          headers: { host: badHost, 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ agent: 'evil', title: 'x' }),
        });
        expect(res.status, `${method} ${path} Host ${badHost}`).toBe(403);
        expectEnvelope(res.json(), 'forbidden');
      }
    }
    for (const good of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`]) {
      expect((await rawRequest(s.url, '/health', { headers: { host: good } })).status, good).toBe(200);
    }
    const tasks = (
      await createClient(s.url).GET('/api/tasks', {
        params: { query: { project_id: projectId, status: 'in-progress' } },
      })
    ).data!.data;
    expect(tasks).toEqual([]);
  });
});

describe('request bodies on a real server', () => {
  let s: RunningServer;
  let projectId: string;
  beforeAll(async () => {
    s = await server();
    projectId = (await initProject(s)).projectId;
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'text/json',
  ])('a body sent as %s is 415 and creates nothing', async (type) => {
    const res = await rawRequest(s.url, `/api/tasks?project_id=${projectId}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: JSON.stringify({ title: 'smuggled' }),
    });
    expect(res.status).toBe(415);
    expectEnvelope(res.json(), 'unsupported_media_type');
  });

  it('over 1 MiB is 413 whether announced by Content-Length or streamed chunked without one', async () => {
    const path = `/api/tasks?project_id=${projectId}`;
    // Announced too big: refused from the header, before a byte of the body arrives.
    const declared = await rawExchange(
      s.url,
      `POST ${path} HTTP/1.1\nHost: 127.0.0.1:${s.port}\nContent-Type: application/json\nContent-Length: ${MAX_BODY_BYTES + 1}`,
      '{"title":',
    );
    expect(declared.status, declared.head).toBe(413);
    expectEnvelope(JSON.parse(declared.body) as Envelope, 'payload_too_large');

    // 2 MiB in 64 KiB chunks: the server must stop at the limit, not buffer it all.
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = ['{"title":"', ...Array.from({ length: 32 }, () => chunk), '"}'];
    const streamed = await rawRequest(s.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks,
    });
    expect(streamed.status).toBe(413);
    expectEnvelope(streamed.json(), 'payload_too_large');

    // Chunked but under the limit goes through to validation as usual.
    const small = await rawRequest(s.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"title":', '"chunked ok"}'],
    });
    expect(small.status, small.text).toBe(201);
    const tasks = (await createClient(s.url).GET('/api/tasks', { params: { query: { project_id: projectId } } })).data!
      .data;
    expect(tasks.map((t) => t.title)).toEqual(['chunked ok']);
    expect((await rawRequest(s.url, '/health')).status).toBe(200);
  });
});

describe('response headers on a real server', () => {
  it('every kind of response carries nosniff; the dashboard has a strict CSP', async () => {
    const s = await server({ args: ['--token', 't'] });
    const auth = { authorization: 'Bearer t' };
    const cases: [string, string, Record<string, string>, string | undefined][] = [
      ['GET', '/health', {}, undefined],
      ['GET', '/', {}, undefined],
      ['GET', '/openapi.json', {}, undefined],
      ['GET', '/reference', {}, undefined],
      ['GET', '/api/projects', auth, undefined], // 200
      ['GET', '/api/projects', {}, undefined], // 401
      ['GET', '/health', { host: 'evil.example' }, undefined], // 403
      ['GET', '/api/nope', auth, undefined], // 404
      ['POST', '/api/projects', { ...auth, 'content-type': 'text/plain' }, '{}'], // 415
      ['POST', '/api/projects', { ...auth, 'content-type': 'application/json' }, '{'], // 400
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await rawRequest(s.url, path, { method, headers, body });
      expect(res.headers['x-content-type-options'], `${method} ${path} → ${res.status}`).toBe('nosniff');
      if (res.headers['content-type']?.toString().includes('json'))
        expect(() => JSON.parse(res.text) as unknown).not.toThrow();
    }

    const page = await rawRequest(s.url, '/');
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy'] ?? '');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]); // no inline script, no eval
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    // The dashboard's own assets are served under the same policy.
    const script = /src="([^"]+\.js)"/.exec(page.text)?.[1];
    if (script) expect((await rawRequest(s.url, script)).headers['content-security-policy']).toBe(csp);
  });
});

describe('every request field is bounded in the contract', () => {
  interface Schema {
    $ref?: string;
    type?: string | string[];
    enum?: unknown[];
    const?: unknown;
    maxLength?: number;
    maxItems?: number;
    maximum?: number;
    properties?: Record<string, Schema>;
    items?: Schema;
    anyOf?: Schema[];
    oneOf?: Schema[];
    allOf?: Schema[];
    additionalProperties?: boolean | Schema;
  }
  interface Operation {
    parameters?: { in: string; name: string; schema: Schema }[];
    requestBody?: { content: Record<string, { schema: Schema }> };
    description?: string;
  }
  const doc = JSON.parse(readFileSync(join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };

  /** Every string without maxLength and every array without maxItems reachable from `schema`. */
  function unbounded(schema: Schema | undefined, where: string, seen = new Set<Schema>()): string[] {
    if (!schema) return [];
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
    if (!resolved || seen.has(resolved)) return [];
    const next = new Set(seen).add(resolved);
    const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
    const out: string[] = [];
    if (types.includes('string') && resolved.maxLength === undefined && !resolved.enum && resolved.const === undefined)
      out.push(`${where}: string without maxLength`);
    if (types.includes('array') && resolved.maxItems === undefined) out.push(`${where}: array without maxItems`);
    if (
      types.includes('object') &&
      resolved.additionalProperties !== false &&
      resolved.additionalProperties !== undefined
    ) {
      out.push(
        ...unbounded(resolved.additionalProperties === true ? {} : resolved.additionalProperties, `${where}{}`, next),
      );
    }
    for (const [k, v] of Object.entries(resolved.properties ?? {})) out.push(...unbounded(v, `${where}.${k}`, next));
    if (resolved.items) out.push(...unbounded(resolved.items, `${where}[]`, next));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const [i, s] of (resolved[key] ?? []).entries()) out.push(...unbounded(s, `${where}<${key}${i}>`, next));
    return out;
  }

  it('every request-body string has maxLength and every array maxItems; every string parameter has maxLength', () => {
    const problems: string[] = [];
    let bodies = 0;
    let params = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
        for (const p of op.parameters ?? []) {
          params++;
          problems.push(...unbounded(p.schema, `${method.toUpperCase()} ${path} ${p.in} ${p.name}`));
        }
        for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) {
          bodies++;
          // The one streamed body: an archive, read line by line under limits of its own (per line, in all).
          if (type === 'application/x-ndjson') {
            expect(`${method} ${path}`).toBe('post /api/projects/import');
            expect(op.description ?? '').toMatch(/GiB/);
            continue;
          }
          expect(type, `${method} ${path}`).toBe('application/json');
          problems.push(...unbounded(content.schema, `${method.toUpperCase()} ${path} body`));
        }
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(12);
    expect(params).toBeGreaterThanOrEqual(40);
    expect(problems).toEqual([]);
  });

  it('every published pattern is a valid flag-free regex that its own example matches', () => {
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) visit(item);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const s = node as { pattern?: string; example?: unknown };
      if (typeof s.pattern === 'string') {
        found.push(s.pattern);
        expect(s.pattern, 'a JavaScript regex literal leaked into the contract').not.toMatch(/\/[dgimsuy]+$/);
        const re = new RegExp(s.pattern, 'u');
        if (typeof s.example === 'string') expect(re.test(s.example), `${s.example} vs ${s.pattern}`).toBe(true);
      }
      Object.values(node).forEach(visit);
    };
    visit(doc);
    expect(found.length).toBeGreaterThan(10);
  });

  it('the walk itself catches an unbounded field (a planted one)', () => {
    expect(
      unbounded(
        {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'string', maxLength: 3 } } },
        },
        'x',
      ),
    ).toEqual(['x.a: string without maxLength', 'x.b: array without maxItems']);
  });
});
