/** Go: functions, methods (with their receiver type), types by shape, constants, variables and imports. */
import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../api.js';
import { endLine, type Extracted, line } from './types.js';

const exported = (name: string) => /^\p{Lu}/u.test(name);

function typeKind(type: Node | null): SymbolKind {
  if (type?.type === 'struct_type') return 'struct';
  if (type?.type === 'interface_type') return 'interface';
  return 'type';
}

/** `(s *Server)` → `Server`; generic receivers `(l *List[T])` → `List`. */
function receiverType(node: Node): string | undefined {
  const params = node.childForFieldName('receiver');
  const text = params?.namedChild(0)?.childForFieldName('type')?.text;
  return text?.replace(/^\*/, '').replace(/\[.*$/, '');
}

export function extractGo(root: Node): Extracted {
  const out: Extracted = { symbols: [], imports: [] };
  for (const node of root.namedChildren) {
    if (!node) continue;
    switch (node.type) {
      case 'import_declaration':
        for (const spec of node.descendantsOfType('import_spec')) {
          const path = spec?.childForFieldName('path')?.text;
          if (spec && path) out.imports.push({ spec: path.slice(1, -1), line: line(spec) });
        }
        break;
      case 'function_declaration':
      case 'method_declaration': {
        const name = node.childForFieldName('name')?.text;
        if (!name) break;
        const parent = node.type === 'method_declaration' ? receiverType(node) : undefined;
        out.symbols.push({
          name,
          kind: parent ? 'method' : 'function',
          line: line(node),
          end_line: endLine(node),
          exported: exported(name),
          ...(parent ? { parent } : {}),
        });
        break;
      }
      case 'type_declaration':
        for (const spec of node.namedChildren) {
          if (spec?.type !== 'type_spec' && spec?.type !== 'type_alias') continue;
          const name = spec.childForFieldName('name')?.text;
          if (!name) continue;
          const type = spec.childForFieldName('type');
          const kind = spec.type === 'type_alias' ? 'type' : typeKind(type);
          out.symbols.push({ name, kind, line: line(spec), end_line: endLine(spec), exported: exported(name) });
          if (kind === 'interface' && type)
            for (const m of type.namedChildren) {
              const mname = m?.type === 'method_elem' ? m.childForFieldName('name')?.text : undefined;
              if (m && mname)
                out.symbols.push({
                  name: mname,
                  kind: 'method',
                  line: line(m),
                  end_line: endLine(m),
                  exported: exported(name) && exported(mname),
                  parent: name,
                });
            }
        }
        break;
      case 'const_declaration':
      case 'var_declaration':
        for (const spec of node.descendantsOfType(node.type === 'const_declaration' ? 'const_spec' : 'var_spec')) {
          if (!spec) continue;
          for (const n of spec.childrenForFieldName('name')) {
            if (n?.type !== 'identifier') continue;
            out.symbols.push({
              name: n.text,
              kind: node.type === 'const_declaration' ? 'constant' : 'variable',
              line: line(spec),
              end_line: endLine(spec),
              exported: exported(n.text),
            });
          }
        }
        break;
    }
  }
  return out;
}
