/**
 * Python: module-level functions, classes (and their methods), constants and variables; imports at any
 * level (an import inside a function still makes the file depend on the module). A name is exported
 * when `__all__` lists it, or, without `__all__`, when it does not start with `_`.
 */
import type { Node } from 'web-tree-sitter';
import { endLine, type Extracted, type ExtractedSymbol, line } from './types.js';

/** Blocks whose statements still run at module level (or class level) when they hold definitions. */
const TRANSPARENT = new Set([
  'if_statement',
  'else_clause',
  'elif_clause',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'block',
]);

export function extractPython(root: Node): Extracted {
  const out: Extracted = { symbols: [], imports: [] };
  const all = new Set<string>();
  let hasAll = false;
  const visit = (parent: Node, klass: ExtractedSymbol | undefined, depthInFunction: boolean) => {
    for (const node of parent.namedChildren) {
      if (!node) continue;
      const def = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
      if (!def) continue;
      if (def.type === 'import_statement' || def.type === 'import_from_statement') {
        imports(def, out);
        continue;
      }
      if (def.type === 'function_definition' || def.type === 'class_definition') {
        const name = def.childForFieldName('name')?.text;
        const body = def.childForFieldName('body');
        if (!name) continue;
        let sym: ExtractedSymbol | undefined;
        if (!depthInFunction) {
          const isClass = def.type === 'class_definition';
          sym = {
            name,
            kind: isClass ? 'class' : klass ? 'method' : 'function',
            line: line(node),
            end_line: endLine(node),
            exported: !name.startsWith('_'),
            ...(klass && !isClass ? { parent: klass.name } : {}),
          };
          if (klass && isClass) sym.parent = klass.name;
          if (klass) sym.exported = klass.exported && !name.startsWith('_');
          out.symbols.push(sym);
        }
        if (body)
          visit(
            body,
            def.type === 'class_definition' ? sym : undefined,
            depthInFunction || def.type === 'function_definition',
          );
        continue;
      }
      if (!depthInFunction && !klass && node.type === 'expression_statement') {
        const assign = node.namedChild(0);
        const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
        if (left?.type === 'identifier') {
          const name = left.text;
          if (name === '__all__') {
            hasAll = true;
            for (const s of assign?.childForFieldName('right')?.namedChildren ?? [])
              if (s?.type === 'string') all.add(s.text.replace(/^[rbuf]*['"]{1,3}|['"]{1,3}$/gi, ''));
            continue;
          }
          const constant = /^[A-Z][A-Z0-9_]*$/.test(name);
          out.symbols.push({
            name,
            kind: constant ? 'constant' : 'variable',
            line: line(node),
            end_line: endLine(node),
            exported: !name.startsWith('_'),
          });
        }
        continue;
      }
      if (TRANSPARENT.has(node.type) || node.type.endsWith('_statement') || node.type.endsWith('_clause'))
        visit(node, klass, depthInFunction);
    }
  };
  visit(root, undefined, false);
  if (hasAll) for (const s of out.symbols) if (!s.parent) s.exported = all.has(s.name);
  return out;
}

function dotted(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

function imports(node: Node, out: Extracted): void {
  if (node.type === 'import_statement') {
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      const name = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
      if (name) out.imports.push({ spec: dotted(name), line: line(node) });
    }
    return;
  }
  const module = node.childForFieldName('module_name');
  if (!module) return;
  const names: string[] = [];
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    const name = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
    if (name) names.push(dotted(name));
  }
  out.imports.push({ spec: dotted(module), line: line(node), ...(names.length ? { names } : {}) });
}
