import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectDbFile } from '../../../src/db/sqlite/project-database.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { ROOT } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import type { Envelope } from './http.js';

/**
 * Property-based fuzzing of every operation in the published contract, against the real app over a
 * real project database. Seeded, so a failure names a seed and a path that reproduce it.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  example?: unknown;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Operation {
  operationId: string;
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const contract = JSON.parse(readFileSync(join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const deref = (s: Schema): Schema => (s.$ref ? (contract.components.schemas[s.$ref.split('/').pop()!] ?? {}) : s);

const operations = Object.entries(contract.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

/** Requests per operation; about 30 operations → several thousand requests in all. */
const RUNS = 160;
const SEED = 42;

// ---- hostile values ------------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const nastyChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: control },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\u202e',
      '\ufeff',
      '\u200b',
      '\uffff',
      '\u{1f4a9}',
      '"',
      "'",
      '\\',
      '%',
      '*',
      '^',
      ':',
      '(',
      ')',
      ',',
      '-',
      '/',
    ),
  },
);
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  "1' OR '1'='1",
  'x) UNION SELECT * FROM meta --',
  'NEAR(auth token, 2)',
  'auth* OR token NOT x',
  '"unterminated',
  '(((',
  'AND',
  'OR OR OR',
  '*',
  '-',
  '^start',
  'title:secret',
  '{title body}: x',
  'tags : x',
  '"" "" ""',
  "x' AND 1=0 UNION SELECT sql FROM sqlite_master --",
  '../../etc/passwd',
  '..%2f..%2fetc',
  '%00',
  '${process.env}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'T-0',
  'T-000',
  'T-1e3',
  'T--1',
  'T-999999999',
  't-001',
  'T-0000000001',
  'D-0',
  'D-999999999',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1',
  '0x10',
  '9007199254740993',
  ' 5',
  '5 ',
  '1.5',
  'true',
  'null',
  'open,open,open',
  'open,',
  ',',
  'in-progress,bogus',
  'task.*',
  '*.*',
  '%',
  '_',
];
const hugeString = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '\u{1f4a9}'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'a*" OR '.repeat(n)),
);
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: nastyChar, maxLength: 60 }) },
  { weight: 1, arbitrary: hugeString },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 31,
    -(2 ** 31) - 1,
    5e-324,
  ),
  fc.integer(),
  fc.double(), // NaN and ±Infinity become null once serialized
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }, { __proto__: { polluted: true } }),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 101, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => `T-${i}`)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---- values that follow the schema (so mutations reach deep code, not only the validator) ---------

interface Known {
  projectId: string;
  taskRefs: string[];
  docRefs: string[];
  agents: string[];
}
let known: Known;

function fromSchema(raw: Schema, field: string, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(raw);
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf ?? []).map((x) => fromSchema(x, field, depth)));
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = Array.isArray(s.type) ? s.type : [s.type ?? 'object'];
  const choices = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: s.minimum ?? -10, max: Math.min(s.maximum ?? 10_000, 10_000) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
      case 'string':
        return stringFor(field, s);
      case 'array':
        return fc.array(s.items ? fromSchema(s.items, field, depth + 1) : fc.string(), {
          maxLength: Math.min(s.maxItems ?? 4, 4),
        });
      default: {
        const props = Object.entries(s.properties ?? {});
        if (depth > 3 || props.length === 0) return fc.constant({});
        return fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, k, depth + 1)])), {
          requiredKeys: s.required ?? [],
        });
      }
    }
  });
  return choices.length === 1 ? choices[0]! : fc.oneof(...choices);
}

/** Plausible strings: ids that resolve, agent names that exist, or text within the limits, often nasty text that is still valid. */
function stringFor(field: string, s: Schema): fc.Arbitrary<string> {
  const fits = (x: string) =>
    x.trim().length >= Math.max(1, s.minLength ?? 0) &&
    x.length <= (s.maxLength ?? Infinity) &&
    (!s.pattern || new RegExp(s.pattern, 'u').test(x));
  const nastyButValid = NASTY_STRINGS.filter(fits);
  const text = fc.string({
    unit: nastyChar,
    minLength: Math.max(1, s.minLength ?? 0),
    maxLength: Math.min(s.maxLength ?? 40, 40),
  });
  const plain = nastyButValid.length > 0 ? fc.oneof(text, fc.constantFrom(...nastyButValid)) : text;
  if (/agent|actor|author|assignee/.test(field)) return fc.oneof(fc.constantFrom(...known.agents), plain);
  if (field === 'depends_on') return fc.constantFrom(...known.taskRefs.filter((r) => r.startsWith('T-')));
  if (field === 'status')
    return fc.constantFrom('open', 'in-progress', 'open,in-progress', 'review,done,blocked', 'backlog, open ');
  if (field === 'path') {
    const folder = tempDir('cpk-fuzz-reg-');
    registrable.add(folder);
    return fc.constantFrom(folder, '/nonexistent/cpk-fuzz', 'relative/path');
  }
  if (s.example !== undefined && typeof s.example === 'string') return fc.oneof(fc.constant(s.example), plain);
  return plain;
}

/** Take a schema-shaped value and break it in one of many ways. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.nat(), hostileValue, fc.constantFrom('set', 'delete', 'extra', 'nest', 'proto'))
        .map(([v, n, bad, how]) => {
          if (!v || typeof v !== 'object' || Array.isArray(v)) return bad;
          const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
          const keys = Object.keys(copy);
          const key = keys.length > 0 ? keys[n % keys.length]! : 'title';
          if (how === 'set') copy[key] = bad;
          else if (how === 'delete') delete copy[key];
          else if (how === 'extra') copy[`extra_${n % 7}`] = bad;
          else if (how === 'nest') copy[key] = { [key]: bad, deeper: [bad, { bad }] };
          else
            return JSON.parse(
              `{"__proto__": ${JSON.stringify(bad) ?? 'null'}, "constructor": {"prototype": {"x": 1}}}`,
            ) as unknown;
          return copy;
        }),
    },
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.array(valid, { minLength: 0, maxLength: 3 }) },
  );
}

// ---- whole requests ------------------------------------------------------------------------------

/** Bytes that are not JSON, or JSON no schema wants. */
const badJsonText = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    '{"title": }',
    '{"title": "x",}',
    '[1,]',
    '{"title": NaN}',
    '{"lease_seconds": Infinity}',
    '{"title": undefined}',
    "{'title': 'x'}",
    '{"title": "x"} {"title": "y"}',
    '\ufeff{"title": "bom"}',
    '{"title": "\\ud800"}',
    '{"title": "\\u0000"}',
    '{"title": "x", "title": "dup"}',
    '{"agent": "a", "__proto__": {"agent": "b"}}',
    'null',
    'true',
    '0',
    '-1e999',
    '"just a string"',
    '[]',
    '[[[[[[[[[[]]]]]]]]]]',
  ),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ unit: nastyChar, maxLength: 200 }),
);
const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.concat([Buffer.from('{"title": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
  Buffer.concat([Buffer.from('{"title": "'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;;',
      'application/json, text/plain',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/vnd.api+json',
      '*/*',
      '',
    ),
  },
);

/** A path segment: a real id, a hostile string (percent-encoded), or raw escapes that do not decode. */
function pathSegment(name: string): fc.Arbitrary<string> {
  const real =
    name === 'id'
      ? fc.constantFrom(...known.taskRefs, ...known.docRefs, known.projectId)
      : fc.constantFrom(...known.agents);
  return fc.oneof(
    { weight: 3, arbitrary: real.map(encodeSegment) },
    { weight: 3, arbitrary: hostileString.map(encodeSegment) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        '%ED%A0%80',
        '%FF%FE',
        '%C0%80',
        '%00',
        '..',
        '.',
        '%2e%2e',
        'T-001%2F..',
        '%252e',
      ),
    },
  );
}

/** Percent-encode as UTF-8; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD on the wire, as it would from any client. */
function encodeSegment(s: string): string {
  return [...Buffer.from(s.slice(0, 3000), 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const queryValue = (name: string, schema: Schema): fc.Arbitrary<string> => {
  if (name === 'project_id') {
    return fc.oneof(
      { weight: 12, arbitrary: fc.constant(known.projectId) },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.constant('00000000-0000-0000-0000-000000000000') },
    );
  }
  // A long-poll would hold the test for minutes: only short real waits (hostile ones are refused or cut by the abort below).
  const valid =
    name === 'wait'
      ? fc.constantFrom('0', '1')
      : fromSchema(schema, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileString });
};

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  describe: string;
}

function requestsFor(path: string, method: string, op: Operation): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const bodySchema = op.requestBody?.content['application/json']?.schema;

  const segments = fc.record(
    Object.fromEntries(pathParams.map((p) => [p.name, pathSegment(p.name)])) as Record<string, fc.Arbitrary<string>>,
  );
  const query = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p.name, p.schema)])) as Record<
      string,
      fc.Arbitrary<string>
    >,
    {
      requiredKeys: queryParams.filter((p) => p.name === 'project_id').map((p) => p.name),
    },
  );
  const extraQuery = fc.option(
    fc.tuple(fc.constantFrom('limit', 'status', 'project_id', 'foo', '__proto__', 'q', ''), hostileString),
    { nil: undefined },
  );
  const headers = fc.record(
    {
      ...Object.fromEntries(
        headerParams.map((p) => [
          p.name,
          fc.oneof(
            fc.constantFrom('0', '1', '99999999999999999999', '-1', 'abc', ''),
            fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
          ),
        ]),
      ),
      authorization: fc.constantFrom('Bearer x', 'Basic Zm9vOmJhcg==', 'Bearer'),
    },
    { requiredKeys: [] },
  );
  const body: fc.Arbitrary<{ text: string | Buffer | undefined; type: string | undefined }> = bodySchema
    ? fc.oneof(
        {
          weight: 8,
          arbitrary: fc
            .tuple(mutated(fromSchema(bodySchema, 'body')), contentType)
            .map(([v, type]) => ({ text: JSON.stringify(v) ?? 'null', type })),
        },
        { weight: 2, arbitrary: fc.tuple(badJsonText, contentType).map(([text, type]) => ({ text, type })) },
        { weight: 1, arbitrary: invalidUtf8.map((b) => ({ text: b, type: 'application/json' })) },
        { weight: 1, arbitrary: fc.constant({ text: undefined, type: undefined }) },
      )
    : fc.constant({ text: undefined, type: undefined });

  return fc
    .record({ segments, query, extraQuery, headers, body })
    .map(({ segments, query, extraQuery, headers, body }) => {
      const concrete = path.replace(/\{([^}]+)\}/g, (_, name: string) => segments[name] ?? 'x');
      const search = Object.entries(query).map(([k, v]) => `${k}=${encodeSegment(v)}`);
      if (extraQuery) search.push(`${encodeSegment(extraQuery[0])}=${encodeSegment(extraQuery[1])}`);
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) if (typeof v === 'string' && /^[\t\x20-\x7e]*$/.test(v)) h[k] = v;
      if (body.type) h['content-type'] = body.type;
      const url = `http://localhost${concrete}${search.length ? `?${search.join('&')}` : ''}`;
      const preview =
        body.text === undefined
          ? ''
          : typeof body.text === 'string'
            ? body.text.slice(0, 300)
            : `<${body.text.length} raw bytes>`;
      return {
        method,
        url,
        headers: h,
        body: body.text,
        describe: `${method} ${url.slice(0, 300)} ${JSON.stringify(h)} ${preview}`,
      };
    });
}

// ---- the run -------------------------------------------------------------------------------------

let t: TestApp;
let projectPath: string;
/** The only existing folders the fuzzer may register as projects. */
const registrable = new Set<string>();
let sent = 0;
const statuses = new Map<number, number>();
const codes = new Map<string, number>();
let currentOp = '';
/** FUZZ_DEBUG=1 prints what each operation answered, to see the fuzzing reaches past validation. */
function tally(res: Response, detail = ''): void {
  const key = `${currentOp} ${res.status} ${detail}`;
  codes.set(key, (codes.get(key) ?? 0) + 1);
}

beforeAll(async () => {
  t = createTestApp();
  const p = await t.project('fuzz');
  projectPath = p.path;
  registrable.add(projectPath);
  const q = { project_id: p.id };
  const created = await t.api.POST('/api/tasks', {
    params: { query: q },
    body: [
      { title: 'first', tags: ['a', 'b'], epic: 'E1', priority: 'P0' },
      { title: 'second', depends_on: ['T-001'], acceptance_criteria: ['works'] },
      { title: 'third', description: `with ${'text '.repeat(50)}`, verify: 'npm test' },
      { title: 'fourth', status: 'backlog' },
      ...Array.from({ length: 20 }, (_, i) => ({
        title: `filler ${i}`,
        priority: (['P0', 'P1', 'P2'] as const)[i % 3],
      })),
    ],
  });
  const tasks = created.data!.data as { id: string; task_number: string }[];
  await t.api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'claude-1' } });
  await t.api.POST('/api/tasks/pickup', { params: { query: { ...q, task_id: 'T-003' } }, body: { agent: 'codex-2' } });
  for (const [i, title] of ['Auth token lifetime', 'Database choice', 'Deploy steps'].entries()) {
    await t.api.POST('/api/docs', {
      params: { query: q },
      body: {
        type: (['decision', 'reference', 'operational'] as const)[i]!,
        title,
        body: `# ${title}\n\nTokens expire after 15 minutes. SELECT * FROM docs; "quoted" a* NEAR(x y)`,
        tags: ['auth', 'db'],
      },
    });
  }
  known = {
    projectId: p.id,
    taskRefs: [...tasks.slice(0, 6).map((x) => x.task_number), tasks[0]!.id, tasks[1]!.id.toUpperCase()],
    docRefs: ['D-001', 'D-002', 'D-003'],
    agents: ['claude-1', 'codex-2', 'human', 'nobody'],
  };
});

afterAll(() => {
  if (process.env.FUZZ_DEBUG)
    console.log(
      '\n' +
        [...codes]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
    );
  t?.close();
  removeTempDirs();
});

async function send(r: FuzzRequest): Promise<void> {
  // Registering must never touch a real folder of this machine: only the fixture's temp folders.
  if (r.url.includes('/api/projects') && r.method === 'POST' && typeof r.body === 'string') {
    try {
      const path = (JSON.parse(r.body) as { path?: unknown }).path;
      if (
        typeof path === 'string' &&
        existsSync(path) &&
        statSync(path).isDirectory() &&
        !registrable.has(resolve(path))
      )
        return;
    } catch {
      // not JSON: the server will say so
    }
  }
  const controller = new AbortController();
  // Any long-poll or stream is cut short: the server must still answer cleanly.
  const timer = setTimeout(() => controller.abort(), 300);
  let res: Response;
  try {
    res = await t.app.request(r.url, {
      method: r.method,
      headers: r.headers,
      body: typeof r.body === 'string' || r.body === undefined ? (r.body ?? null) : new Uint8Array(r.body),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
  sent++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (process.env.FUZZ_DEBUG) tally(res);
  const type = res.headers.get('content-type') ?? '';
  expect(res.status, r.describe).toBeLessThan(500);
  expect(res.headers.get('x-content-type-options'), r.describe).toBe('nosniff');
  // A stream (events, or a project's archive): its first bytes came with a 200.
  if (type.includes('text/event-stream') || type.includes('application/x-ndjson')) {
    expect(res.status).toBe(200);
    controller.abort();
    await res.body?.cancel();
    return;
  }
  const text = await res.text();
  if (process.env.FUZZ_DEBUG && res.status === 400)
    tally(res, (JSON.parse(text) as Envelope).details?.map((x) => `${x.path} ${x.message}`).join(','));
  expect(type, r.describe).toContain('application/json');
  const body = JSON.parse(text) as Envelope & { data?: unknown };
  if (res.status >= 400) {
    expect(typeof body.error, r.describe).toBe('string');
    expect(typeof body.message, r.describe).toBe('string');
    expect(body.message.length, r.describe).toBeGreaterThan(0);
    expect(
      Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k)),
      `${r.describe} → ${text.slice(0, 300)}`,
    ).toBe(true);
    expect(text, 'no stack frames leak').not.toMatch(/\bat .+:\d+:\d+/);
    if (body.details !== undefined) {
      for (const d of body.details) {
        expect(typeof d.path, r.describe).toBe('string');
        expect(typeof d.message, r.describe).toBe('string');
      }
    }
  } else if (!r.url.startsWith('http://localhost/health')) {
    expect(body, r.describe).toHaveProperty('data');
  }
}

describe('fuzzing every operation of the contract', () => {
  it('the contract has the operations this test walks', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  operations.forEach(({ path, method, op }, index) => {
    it(`${method} ${path} (${op.operationId}): never a 5xx, every 4xx is the envelope`, async () => {
      currentOp = op.operationId;
      await fc.assert(
        fc.asyncProperty(requestsFor(path, method, op), async (r) => {
          await send(r);
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    });
  });

  it('wrong methods and unknown routes are 404/405 envelopes too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'POST', 'GET'),
        fc.constantFrom(
          '/api/tasks/T-001/done',
          '/api/projects',
          '/api/board/status',
          '/api/events',
          '/api',
          '/api/',
          '/api/tasks/T-001/nope',
          '/api//tasks',
          '/api/tasks/%ED%A0%80/done',
        ),
        async (method, path) => {
          const body = ['GET', 'OPTIONS'].includes(method) ? undefined : '{}';
          await send({
            method,
            url: `http://localhost${path}?project_id=${known.projectId}`,
            headers: body ? { 'content-type': 'application/json' } : {},
            body,
            describe: `${method} ${path}`,
          });
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('sent thousands of requests, most refused with a 4xx and some accepted', () => {
    expect(sent).toBeGreaterThan(4000);
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(sent / 2);
  });

  it('the project database passes integrity checks afterwards, and the server still works', async () => {
    const board = await t.api.GET('/api/board/status', { params: { query: { project_id: known.projectId } } });
    expect(board.response.status).toBe(200);
    t.close();
    const db = new Database(projectDbFile(projectPath));
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The full-text index agrees with the docs table it indexes.
      expect(() =>
        db.prepare("INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)").run(),
      ).not.toThrow();
      // Every task still satisfies the rules the server keeps.
      const unheld = db.prepare("SELECT number FROM tasks WHERE status = 'in-progress' AND assignee IS NULL").all();
      expect(unheld).toEqual([]);
    } finally {
      db.close();
    }
  });
});
