/**
 * The query side of the code index: what `cpk code` and `cpk mcp` ask. Reads `.codepakt/code.db` only
 * (never parses, never loads a grammar), so a query costs little more than opening SQLite. Rows are
 * shaped as agents read them: paths relative to the repository root, places as `file:line`.
 */
import { existsSync } from 'node:fs';
import { type Db, indexPath, openReadOnly, SCHEMA_VERSION, schemaVersion } from './db.js';
import { mapOf } from './map.js';
import { dependentsOf, importsOf, summaryOf, symbolsOf } from './queries.js';
import { findRoot } from './root.js';

export { findRoot } from './root.js';

export { SYMBOL_KINDS, type SymbolKind } from './kinds.js';
import type { SymbolKind } from './kinds.js';

export interface SymbolQuery {
  /** Case-insensitive substring; `*` and `?` make it a glob. Exact matches come first. */
  name?: string;
  kind?: SymbolKind;
  /** A file (relative to the root) or a folder prefix, or a glob with `*`. */
  file?: string;
  exported?: boolean;
  /** Default 50. */
  limit?: number;
}

export interface SymbolRow {
  name: string;
  kind: SymbolKind;
  /** `file:line` */
  at: string;
  exported: boolean;
  /** The class, impl, trait or interface a method belongs to. */
  parent?: string;
}

export interface ImportRow {
  /** The specifier as written: `./lib.js`, `node:fs`, `crate::a::b`, `..pkg`. */
  spec: string;
  line: number;
  /** The file it resolved to, relative to the root. */
  file?: string;
  resolved: boolean;
  /** A package outside the repository (npm, the standard library, a crate). */
  external?: boolean;
}

export interface DependentRow {
  /** `file:line` of the import in the dependent file. */
  at: string;
  /** 1 = imports the file directly. */
  depth: number;
  /** For depth > 1: the files between the dependent and the file asked about, nearest the dependent first. */
  via?: string[];
}

export interface Summary {
  root: string;
  files: number;
  symbols: number;
  languages: Record<string, number>;
  kinds: Record<string, number>;
  imports: { total: number; resolved: number; external: number; unresolved: number };
  /** The files with the most direct dependents. */
  most_imported: { file: string; dependents: number }[];
}

export interface MapOptions {
  /** The budget for the printed map; default 1000. */
  tokens?: number;
  /** A task's title, description and acceptance criteria: identifiers and paths in it pull their files up. */
  taskText?: string;
  /** Files or globs the task names. */
  taskFiles?: string[];
}

export interface MapFile {
  file: string;
  /** `name:line` of the file's key symbols, most important first. */
  symbols: string[];
}

export interface RepoMap {
  /** The estimated size of the printed map (JSON bytes / 4). */
  tokens: number;
  files: MapFile[];
}

export type CodeIndexErrorCode = 'no_index' | 'index_outdated' | 'not_indexed' | 'invalid_argument';

/** A failure a caller reports as is: its message says what to do. */
export class CodeIndexError extends Error {
  constructor(
    readonly code: CodeIndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CodeIndex {
  /** The repository root the index describes (absolute). */
  readonly root: string;
  symbols(query?: SymbolQuery): SymbolRow[];
  /** `file` relative to the root. */
  imports(file: string): ImportRow[];
  /** Files that import `file`, transitively up to `depth` (default 1). */
  dependents(file: string, depth?: number): DependentRow[];
  summary(): Summary;
  map(options?: MapOptions): RepoMap;
  close(): void;
}

/**
 * Open the index of the repository at or above `start` (default: the current directory). Throws
 * CodeIndexError('no_index') when nothing has been scanned there yet.
 */
export function openIndex(start: string = process.cwd()): CodeIndex {
  const root = findRoot(start);
  const file = indexPath(root);
  if (!existsSync(file)) throw new CodeIndexError('no_index', `no code index in ${root}: run \`cpk scan\` there first`);
  const db: Db = openReadOnly(file);
  if (schemaVersion(db) !== SCHEMA_VERSION) {
    db.close();
    throw new CodeIndexError('index_outdated', `the code index in ${root} was made by another cpk: run \`cpk scan\``);
  }
  return {
    root,
    symbols: (query = {}) => symbolsOf(db, query),
    imports: (path) => importsOf(db, path),
    dependents: (path, depth = 1) => dependentsOf(db, path, depth),
    summary: () => summaryOf(db, root),
    map: (options = {}) => mapOf(db, options),
    close: () => db.close(),
  };
}
