/**
 * TypeScript, TSX and JavaScript: declarations at module level (and in namespaces and ambient
 * modules), class and interface members, and every import: static, re-export, `import x = require()`,
 * dynamic `import()` and `require()` with a string literal.
 */
import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../api.js';
import { endLine, type Extracted, type ExtractedSymbol, line } from './types.js';

const DECLARATIONS: Record<string, SymbolKind> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_signature: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  class: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  internal_module: 'module',
  module: 'module',
};

const MEMBERS = new Set(['method_definition', 'method_signature', 'abstract_method_signature']);

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

interface Ctx {
  out: Extracted;
  /** Names listed in `export { a, b as c }` and `export default a` without a source. */
  exportedNames: Set<string>;
}

export function extractScript(root: Node, text: string): Extracted {
  const ctx: Ctx = { out: { symbols: [], imports: [] }, exportedNames: new Set() };
  statements(root, ctx, false);
  dynamicImports(root, text, ctx);
  for (const s of ctx.out.symbols) if (!s.parent && ctx.exportedNames.has(s.name)) s.exported = true;
  ctx.out.imports.sort((a, b) => a.line - b.line);
  return ctx.out;
}

function stringValue(node: Node | null): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  const text = node.text;
  return text.length >= 2 ? text.slice(1, -1) : undefined;
}

/** `surface`: whether an `export` here reaches the module's surface (not inside an unexported namespace). */
function statements(parent: Node, ctx: Ctx, exported: boolean, surface = true): void {
  for (const node of parent.namedChildren) {
    if (!node) continue;
    switch (node.type) {
      case 'import_statement': {
        const source = stringValue(node.childForFieldName('source'));
        const req = node.namedChildren.find((c) => c?.type === 'import_require_clause');
        const spec = source ?? stringValue(req?.childForFieldName('source') ?? null);
        if (spec !== undefined) ctx.out.imports.push({ spec, line: line(node) });
        break;
      }
      case 'export_statement':
        exportStatement(node, ctx, surface);
        break;
      case 'ambient_declaration':
        statements(node, ctx, exported, surface);
        break;
      case 'expression_statement':
        expressionStatement(node, ctx);
        break;
      default:
        declaration(node, ctx, exported, false);
    }
  }
}

function exportStatement(node: Node, ctx: Ctx, surface: boolean): void {
  const source = stringValue(node.childForFieldName('source'));
  if (source !== undefined) {
    ctx.out.imports.push({ spec: source, line: line(node) });
    return;
  }
  const decl = node.childForFieldName('declaration');
  const isDefault = node.children.some((c) => c?.type === 'default');
  if (decl) {
    declaration(decl, ctx, surface, isDefault);
    return;
  }
  const value = node.childForFieldName('value');
  if (value) {
    if (value.type === 'identifier') ctx.exportedNames.add(value.text);
    else if (FUNCTION_VALUES.has(value.type) || value.type === 'class') declaration(value, ctx, true, true);
    return;
  }
  for (const clause of node.namedChildren) {
    if (clause?.type !== 'export_clause') continue;
    for (const spec of clause.namedChildren) {
      const name = spec?.childForFieldName('name');
      if (name) ctx.exportedNames.add(name.text);
    }
  }
}

function push(ctx: Ctx, s: ExtractedSymbol): void {
  ctx.out.symbols.push(s);
}

/** A bare `namespace X {}`, and CommonJS exports: `module.exports = function f() {}`, `exports.g = () => {}`. */
function expressionStatement(node: Node, ctx: Ctx): void {
  const expr = node.namedChild(0);
  if (!expr) return;
  if (expr.type === 'internal_module') {
    declaration(expr, ctx, false, false);
    return;
  }
  if (expr.type !== 'assignment_expression') return;
  const left = expr.childForFieldName('left')?.text ?? '';
  const right = expr.childForFieldName('right');
  const m = /^(?:module\.exports|exports)(?:\.([\w$]+))?$|^module\.exports\.([\w$]+)$/.exec(left);
  if (!m || !right || !(FUNCTION_VALUES.has(right.type) || right.type === 'class')) return;
  const own = right.childForFieldName('name')?.text;
  const name = m[1] ?? m[2] ?? own ?? 'default';
  const kind: SymbolKind = right.type === 'class' ? 'class' : 'function';
  push(ctx, { name, kind, line: line(node), end_line: endLine(node), exported: true });
  if (kind === 'class') members(right, name, ctx, true);
}

function declaration(node: Node, ctx: Ctx, exported: boolean, isDefault: boolean): void {
  if (node.type === 'ambient_declaration') {
    statements(node, ctx, exported);
    return;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    const isConst = node.type === 'lexical_declaration' && node.child(0)?.type === 'const';
    for (const d of node.namedChildren) {
      if (d?.type !== 'variable_declarator') continue;
      const name = d.childForFieldName('name');
      if (name?.type !== 'identifier') continue;
      const value = d.childForFieldName('value');
      const kind: SymbolKind =
        value && FUNCTION_VALUES.has(value.type)
          ? 'function'
          : value?.type === 'class'
            ? 'class'
            : isConst
              ? 'constant'
              : 'variable';
      push(ctx, { name: name.text, kind, line: line(d), end_line: endLine(d), exported });
      if (kind === 'class' && value) members(value, name.text, ctx, exported);
    }
    return;
  }
  const kind = DECLARATIONS[node.type] ?? (FUNCTION_VALUES.has(node.type) ? 'function' : undefined);
  if (!kind) return;
  const nameNode = node.childForFieldName('name');
  const name = nameNode ? (stringValue(nameNode) ?? nameNode.text) : isDefault ? 'default' : undefined;
  if (!name) return;
  push(ctx, { name, kind, line: line(node), end_line: endLine(node), exported });
  if (kind === 'class' || kind === 'interface') members(node, name, ctx, exported);
  if (kind === 'module') {
    const body = node.childForFieldName('body');
    // Inside `declare module 'x' {}` everything is part of that module's surface.
    if (body) statements(body, ctx, node.type === 'module', exported || node.type === 'module');
  }
}

function members(node: Node, parent: string, ctx: Ctx, exported: boolean): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  for (const m of body.namedChildren) {
    if (!m || !MEMBERS.has(m.type)) continue;
    const name = m.childForFieldName('name');
    if (!name) continue;
    const isPrivate =
      name.type === 'private_property_identifier' ||
      m.namedChildren.some((c) => c?.type === 'accessibility_modifier' && c.text !== 'public');
    push(ctx, {
      name: name.text,
      kind: 'method',
      line: line(m),
      end_line: endLine(m),
      exported: exported && !isPrivate,
      parent,
    });
  }
}

/**
 * `import('x')` and `require('x')` anywhere: each place the text spells `import` or `require` is looked
 * up in the tree, and kept when it is the callee of a call whose first argument is a string literal.
 * (A tree-sitter query says the same, but compiling one against the TypeScript grammar cost more than
 * parsing a hundred files, in every parse thread.)
 */
function dynamicImports(root: Node, text: string, ctx: Ctx): void {
  for (const m of text.matchAll(/\b(?:import|require)\b/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const fn = root.namedDescendantForIndex(start, end);
    if (!fn || fn.startIndex !== start || fn.endIndex !== end) continue;
    if (fn.type !== 'import' && !(fn.type === 'identifier' && m[0] === 'require')) continue;
    const call = fn.parent;
    if (call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(fn)) continue;
    const args = call.childForFieldName('arguments');
    if (args?.type !== 'arguments') continue;
    let first: Node | null = null;
    for (const c of args.namedChildren) {
      if (c && c.type !== 'comment') {
        first = c;
        break;
      }
    }
    const spec = stringValue(first);
    if (spec !== undefined) ctx.out.imports.push({ spec, line: line(fn) });
  }
}
