import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';
import {
  NASTY_STRINGS,
  badJsonText,
  contentType,
  hostileString,
  hostileValue,
  invalidUtf8,
  nastyChar,
} from './fuzz-values.js';

/** Requests for the contract fuzzer (fuzz.test.ts), generated from the published contract's schemas. */

export interface Schema {
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
export interface Operation {
  operationId: string;
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export const contract = JSON.parse(readFileSync(join(ROOT, 'openapi/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
export const deref = (s: Schema): Schema =>
  s.$ref ? (contract.components.schemas[s.$ref.split('/').pop()!] ?? {}) : s;

export const operations = Object.entries(contract.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

// ---- values that follow the schema (so mutations reach deep code, not only the validator) ---------

export interface Known {
  projectId: string;
  taskRefs: string[];
  docRefs: string[];
  agents: string[];
}
/** What the fuzzer's requests may name: set by the test once its project exists. */
export const fuzzContext: { known: Known; registrable: Set<string> } = {
  known: { projectId: '', taskRefs: [], docRefs: [], agents: [] },
  /** The only existing folders the fuzzer may register as projects. */
  registrable: new Set<string>(),
};

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
  if (/agent|actor|author|assignee/.test(field)) return fc.oneof(fc.constantFrom(...fuzzContext.known.agents), plain);
  if (field === 'depends_on') return fc.constantFrom(...fuzzContext.known.taskRefs.filter((r) => r.startsWith('T-')));
  if (field === 'status')
    return fc.constantFrom('open', 'in-progress', 'open,in-progress', 'review,done,blocked', 'backlog, open ');
  if (field === 'path') {
    const folder = tempDir('cpk-fuzz-reg-');
    fuzzContext.registrable.add(folder);
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

/** A path segment: a real id, a hostile string (percent-encoded), or raw escapes that do not decode. */
function pathSegment(name: string): fc.Arbitrary<string> {
  const real =
    name === 'id'
      ? fc.constantFrom(...fuzzContext.known.taskRefs, ...fuzzContext.known.docRefs, fuzzContext.known.projectId)
      : fc.constantFrom(...fuzzContext.known.agents);
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
export function encodeSegment(s: string): string {
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
      { weight: 12, arbitrary: fc.constant(fuzzContext.known.projectId) },
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

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  describe: string;
}

export function requestsFor(path: string, method: string, op: Operation): fc.Arbitrary<FuzzRequest> {
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
