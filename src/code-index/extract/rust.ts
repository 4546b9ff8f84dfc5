/**
 * Rust: items at any module level (inline `mod x {}` included), trait and impl members, `mod x;`
 * declarations (recorded as imports: they pull in another file) and `use` paths, one per leaf of a
 * `{…}` list. An item is exported when it has a `pub` visibility (a trait's and a trait impl's members
 * are as visible as the trait; `pub(crate)` is not exported).
 */
import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../api.js';
import { endLine, type Extracted, type ExtractedSymbol, line } from './types.js';

const ITEMS: Record<string, SymbolKind> = {
  function_item: 'function',
  function_signature_item: 'function',
  struct_item: 'struct',
  union_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  type_item: 'type',
  const_item: 'constant',
  static_item: 'variable',
  mod_item: 'module',
  impl_item: 'impl',
};

/** Plain `pub`: `pub(crate)` and `pub(super)` stay inside the crate. */
const isPub = (node: Node) => node.namedChildren.some((c) => c?.type === 'visibility_modifier' && c.text === 'pub');

export function extractRust(root: Node): Extracted {
  const out: Extracted = { symbols: [], imports: [] };
  items(root, out, [], undefined);
  return out;
}

/** `modPath`: the inline modules enclosing these items (`mod a { mod b { … } }` → ['a', 'b']). */
function items(
  parent: Node,
  out: Extracted,
  modPath: string[],
  owner: { name: string; pub: boolean } | undefined,
): void {
  for (const node of parent.namedChildren) {
    if (!node) continue;
    if (node.type === 'use_declaration') {
      const arg = node.childForFieldName('argument');
      if (arg)
        for (const spec of usePaths(arg, '')) out.imports.push({ spec: prefixed(modPath, spec), line: line(node) });
      continue;
    }
    const kind = ITEMS[node.type];
    if (!kind) continue;
    const body = node.childForFieldName('body');
    if (node.type === 'mod_item' && !body) {
      const name = node.childForFieldName('name')?.text;
      if (name) out.imports.push({ spec: `mod ${[...modPath, name].join('::')}`, line: line(node) });
    }
    const name = kind === 'impl' ? implName(node) : node.childForFieldName('name')?.text;
    if (!name) continue;
    const pub = owner
      ? owner.pub && (isPub(node) || !owner.name.startsWith('impl ') || owner.name.includes(' for '))
      : isPub(node);
    const sym: ExtractedSymbol = {
      name,
      kind: owner && kind === 'function' ? 'method' : kind,
      line: line(node),
      end_line: endLine(node),
      exported: owner
        ? owner.name.startsWith('impl ') && !owner.name.includes(' for ')
          ? isPub(node)
          : owner.pub
        : pub,
      ...(owner ? { parent: owner.name.replace(/^impl /, '') } : {}),
    };
    out.symbols.push(sym);
    if (!body) continue;
    if (kind === 'module') items(body, out, [...modPath, name], undefined);
    else if (kind === 'trait') items(body, out, modPath, { name, pub: isPub(node) });
    else if (kind === 'impl') items(body, out, modPath, { name: `impl ${name}`, pub: true });
  }
}

/** `impl Display for Point` → `Display for Point`; `impl<T> Stack<T>` → `Stack<T>`. */
function implName(node: Node): string | undefined {
  const type = node.childForFieldName('type')?.text;
  const trait = node.childForFieldName('trait')?.text;
  if (!type) return undefined;
  return trait ? `${trait} for ${type}` : type;
}

/** Paths inside an inline module are relative to it unless they start at `crate`. */
function prefixed(modPath: string[], spec: string): string {
  if (!modPath.length || /^(crate|::)/.test(spec)) return spec;
  if (/^(self|super)\b/.test(spec)) return `self::${modPath.join('::')}::${spec}`;
  return spec;
}

/** Every leaf of a use tree, as a `::` path: `a::{b, c::{d, e}}` → a::b, a::c::d, a::c::e. */
function usePaths(node: Node, prefix: string): string[] {
  const join = (p: string, s: string) => (p ? `${p}::${s}` : s);
  switch (node.type) {
    case 'scoped_use_list': {
      const path = node.childForFieldName('path')?.text ?? '';
      const list = node.childForFieldName('list');
      return list ? usePaths(list, join(prefix, path)) : [];
    }
    case 'use_list':
      return node.namedChildren.flatMap((c) => (c ? usePaths(c, prefix) : []));
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      return path ? usePaths(path, prefix) : [];
    }
    case 'use_wildcard': {
      const path = node.namedChild(0)?.text;
      return [path ? join(prefix, path) : prefix];
    }
    default:
      return [join(prefix, node.text.replace(/\s+/g, ''))];
  }
}
