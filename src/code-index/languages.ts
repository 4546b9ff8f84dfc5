/** The languages the index reads, by file extension, and where each one's grammar is installed. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Lang = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust';

export const LANGS: readonly Lang[] = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust'];

const BY_EXTENSION: Record<string, Lang> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
};

export function langOf(path: string): Lang | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return BY_EXTENSION[path.slice(dot).toLowerCase()];
}

/** The grammar package and the .wasm in it; JSX parses with the JavaScript grammar, which includes it. */
const GRAMMARS: Record<Lang, { pkg: string; wasm: string }> = {
  typescript: { pkg: 'tree-sitter-typescript', wasm: 'tree-sitter-typescript.wasm' },
  tsx: { pkg: 'tree-sitter-typescript', wasm: 'tree-sitter-tsx.wasm' },
  javascript: { pkg: 'tree-sitter-javascript', wasm: 'tree-sitter-javascript.wasm' },
  python: { pkg: 'tree-sitter-python', wasm: 'tree-sitter-python.wasm' },
  go: { pkg: 'tree-sitter-go', wasm: 'tree-sitter-go.wasm' },
  rust: { pkg: 'tree-sitter-rust', wasm: 'tree-sitter-rust.wasm' },
};

/**
 * Resolved from node_modules when a scan needs them (the grammars are not bundled: a query never
 * loads one). A require made here is not followed by the bundler.
 */
const requireHere = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

function packageDir(pkg: string): string {
  return dirname(requireHere.resolve(`${pkg}/package.json`));
}

export function grammarWasm(lang: Lang): string {
  const g = GRAMMARS[lang];
  return join(packageDir(g.pkg), g.wasm);
}

/** The grammar package's own tags query (checked by the tests to compile against the loaded grammar). */
export function tagsQueryFile(lang: Lang): string {
  return join(packageDir(GRAMMARS[lang].pkg), 'queries', 'tags.scm');
}

/** web-tree-sitter, loaded at run time from node_modules (its own .wasm sits beside it). */
export function loadWebTreeSitter(): typeof import('web-tree-sitter') {
  return requireHere('web-tree-sitter') as typeof import('web-tree-sitter');
}

export function runtimeWasm(): string {
  return requireHere.resolve('web-tree-sitter/tree-sitter.wasm');
}
