import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/processes.js';

/** The published contract bounds every request field, and its patterns are sound. */

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
