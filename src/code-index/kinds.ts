/** The kinds of symbol the index knows, shared by the query API and the CLI's option checks. */
export const SYMBOL_KINDS = [
  'function',
  'class',
  'method',
  'interface',
  'type',
  'enum',
  'constant',
  'variable',
  'struct',
  'trait',
  'impl',
  'module',
] as const;
export type SymbolKind = (typeof SYMBOL_KINDS)[number];
