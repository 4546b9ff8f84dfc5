import { type FieldSource, TOOLS, type ToolDefinition } from './tools.js';

type Json = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document the tool schemas are read from. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Json }[] } | undefined>>;
  components?: { schemas?: Record<string, Json> };
}

/** One entry of `tools/list`. */
export interface McpTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, Json>; required?: string[]; additionalProperties: false };
  annotations?: { readOnlyHint?: boolean; openWorldHint?: boolean };
}

/**
 * What a field's schema keeps: its shape (type, enum, items, bounds of numbers). Lengths, patterns,
 * examples and the routes' long descriptions are left out to keep the list small; the route that a call
 * becomes still enforces them and names the field it refuses.
 */
const KEPT = new Set(['type', 'enum', 'items', 'minimum', 'maximum', 'default']);

/** The tools, their input schemas read from `doc` (the server's own, or the contract the CLI ships). */
export function toolList(doc: OpenApiDocument, tools: readonly ToolDefinition[] = TOOLS): McpTool[] {
  return tools.map((tool) => {
    const properties: Record<string, Json> = {};
    for (const [name, field] of Object.entries(tool.fields)) {
      const schema = lean(doc, fieldSchema(doc, field.from, `${tool.name}.${name}`));
      if (field.maximum !== undefined) schema.maximum = field.maximum;
      properties[name] = field.describe ? { ...schema, description: field.describe } : schema;
    }
    return {
      name: tool.name,
      description: tool.description,
      inputSchema: {
        type: 'object',
        properties,
        ...(tool.required ? { required: tool.required } : {}),
        additionalProperties: false,
      },
      annotations: tool.readOnly ? { readOnlyHint: true, openWorldHint: false } : { openWorldHint: false },
    };
  });
}

function fieldSchema(doc: OpenApiDocument, from: FieldSource, where: string): Json {
  if ('own' in from) return from.own;
  if ('schema' in from) {
    const component = doc.components?.schemas?.[from.schema];
    const property = (component?.properties as Record<string, Json> | undefined)?.[from.property];
    if (!property) throw new Error(`MCP tool field ${where}: no property ${from.property} in schema ${from.schema}`);
    return property;
  }
  const [method = '', path = ''] = from.operation.split(' ');
  const parameter = doc.paths?.[path]?.[method]?.parameters?.find((p) => p.name === from.parameter);
  if (!parameter?.schema)
    throw new Error(`MCP tool field ${where}: no parameter ${from.parameter} in ${from.operation}`);
  return parameter.schema;
}

/** The schema with references resolved and only the KEPT keywords; `string | null` becomes `string`. */
function lean(doc: OpenApiDocument, schema: Json): Json {
  const resolved = resolve(doc, schema);
  const out: Json = {};
  for (const [key, value] of Object.entries(resolved)) {
    if (!KEPT.has(key)) continue;
    if (key === 'items') out.items = lean(doc, value as Json);
    else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      out.type = types.length === 1 ? types[0] : types;
    } else out[key] = value;
  }
  return out;
}

/** `$ref` to a component, and `allOf: [{$ref}, {description}]` (a reference with its own note), inlined. */
function resolve(doc: OpenApiDocument, schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`MCP tool schema: unresolved reference ${ref}`);
    return resolve(doc, target);
  }
  const allOf = schema.allOf;
  if (Array.isArray(allOf)) return Object.assign({}, ...allOf.map((part) => resolve(doc, part as Json)));
  return schema;
}
