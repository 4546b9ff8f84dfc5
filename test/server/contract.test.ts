import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateContract, OPENAPI_FILE, TYPES_FILE } from '../../scripts/contract.js';
import { createTestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/processes.js';
import { removeTempDirs } from '../helpers/temp.js';

afterAll(removeTempDirs);

const HOW_TO_FIX =
  'is out of date with the route declarations: run `npm run contract` and commit openapi/openapi.json and generated/api.d.ts';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const committed = () => JSON.parse(readFileSync(join(ROOT, OPENAPI_FILE), 'utf8')) as Document;

function operations(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method))
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

describe('contract', () => {
  it('the committed OpenAPI document and client types equal a fresh generation (drift gate)', async () => {
    const fresh = await generateContract();
    expect(readFileSync(join(ROOT, OPENAPI_FILE), 'utf8') === fresh.openapi, `${OPENAPI_FILE} ${HOW_TO_FIX}`).toBe(
      true,
    );
    expect(readFileSync(join(ROOT, TYPES_FILE), 'utf8') === fresh.types, `${TYPES_FILE} ${HOW_TO_FIX}`).toBe(true);
  });

  it('is OpenAPI 3.1 and every operation has a unique operationId, a summary and declared tags', () => {
    const doc = committed();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('codepakt');
    const declaredTags = new Set((doc.tags ?? []).map((t) => t.name));
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(5);
    const ids = new Set<string>();
    for (const [name, op] of ops) {
      expect(op.operationId, `${name} operationId`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId!), `${name} operationId ${op.operationId} is used twice`).toBe(false);
      ids.add(op.operationId!);
      expect(op.summary?.trim().length, `${name} summary`).toBeGreaterThan(0);
      expect(op.tags?.length, `${name} tags`).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declaredTags.has(tag), `${name} tag ${tag} is not declared`).toBe(true);
      const statuses = Object.keys(op.responses ?? {});
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${name} has a success response`,
      ).toBe(true);
    }
  });

  it('declares the foundation operations and the envelope for every error response', () => {
    const doc = committed();
    const byId = new Map(operations(doc).map(([name, op]) => [op.operationId, { name, op }]));
    expect(byId.get('getHealth')?.name).toBe('GET /health');
    expect(byId.get('listProjects')?.name).toBe('GET /api/projects');
    expect(byId.get('createProject')?.name).toBe('POST /api/projects');
    expect(byId.get('getProject')?.name).toBe('GET /api/projects/{id}');
    expect(byId.get('updateProject')?.name).toBe('PATCH /api/projects/{id}');
    expect(Object.keys(byId.get('createProject')!.op.responses!)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '415']),
    );
    for (const [name, op] of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (Number(status) < 400) continue;
        expect(JSON.stringify(response.content ?? {}), `${name} ${status}`).toContain('#/components/schemas/Error');
      }
    }
  });

  it('the server serves the generated document at /openapi.json', async () => {
    const t = createTestApp();
    try {
      const res = await t.app.request('http://localhost/openapi.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      const served = (await res.json()) as { servers: { url: string }[] };
      const generated = JSON.parse((await generateContract()).openapi) as Record<string, unknown>;
      // Identical but for `servers`, which names the server answering.
      expect({ ...served, servers: generated.servers }).toEqual(generated);
      expect(served.servers).toEqual([{ url: 'http://localhost', description: 'This server' }]);
    } finally {
      t.close();
    }
  });

  it('passes `redocly lint` (recommended rules) with zero errors, offline', async () => {
    const bin = join(ROOT, 'node_modules/.bin/redocly');
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      execFile(
        bin,
        ['lint', OPENAPI_FILE, '--format=json'],
        // No telemetry, no update check: the lint must work without a network.
        {
          cwd: ROOT,
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, out, errOut) =>
          resolve({ stdout: out, stderr: errOut, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 }),
      );
    });
    let report: {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    try {
      report = JSON.parse(stdout) as typeof report;
    } catch {
      throw new Error(`redocly printed no JSON report (exit ${code}): ${stderr}`);
    }
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors, 'fix these at their route declarations').toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(code).toBe(0);
  });
});
