/**
 * A ranked map of the repository that fits a token budget: files ranked by PageRank over the import
 * graph (a file many others depend on, directly or not, ranks high), personalised toward the files a
 * task names and the files defining identifiers it mentions; then as many key symbols, best first, as
 * fit the budget (a binary search on their number, as Aider's repo map does).
 */
import type { MapFile, MapOptions, RepoMap } from './api.js';
import type { Db } from './db.js';
import { globMatcher } from './glob.js';

const DEFAULT_TOKENS = 1000;
const DAMPING = 0.85;
const ITERATIONS = 40;

/** What a kind is worth in a map: the shapes of an API before its helpers. */
const KIND_WEIGHT: Record<string, number> = {
  class: 1,
  interface: 1,
  struct: 1,
  trait: 1,
  enum: 0.9,
  type: 0.8,
  function: 0.8,
  impl: 0.5,
  method: 0.45,
  module: 0.4,
  constant: 0.35,
  variable: 0.2,
};

interface Sym {
  file: number;
  name: string;
  line: number;
  score: number;
}

/** The printed map's size as agents are charged for it: bytes of compact JSON over four. */
export function estimateTokens(files: MapFile[]): number {
  return Math.ceil(Buffer.byteLength(JSON.stringify({ tokens: 0, files })) / 4);
}

export function mapOf(db: Db, options: MapOptions): RepoMap {
  const budget = options.tokens ?? DEFAULT_TOKENS;
  const files = db.prepare('SELECT id, path FROM files ORDER BY path').all() as { id: number; path: string }[];
  const index = new Map(files.map((f, i) => [f.path, i]));
  const edges = db
    .prepare(
      'SELECT DISTINCT f.path AS src, i.target AS dst FROM imports i JOIN files f ON f.id = i.file_id WHERE i.target IS NOT NULL',
    )
    .all() as { src: string; dst: string }[];
  const out: number[][] = files.map(() => []);
  for (const e of edges) {
    const s = index.get(e.src);
    const d = index.get(e.dst);
    if (s !== undefined && d !== undefined && s !== d) out[s]?.push(d);
  }
  const rows = db
    .prepare('SELECT f.path, s.name, s.kind, s.line, s.exported FROM symbols s JOIN files f ON f.id = s.file_id')
    .all() as { path: string; name: string; kind: string; line: number; exported: number }[];
  const mentioned = identifiersIn(options.taskText ?? '');
  const personal = personalisation(files, rows, mentioned, options);
  const rank = pageRank(out, personal);
  const syms: Sym[] = [];
  for (const r of rows) {
    const file = index.get(r.path);
    if (file === undefined) continue;
    const weight = (KIND_WEIGHT[r.kind] ?? 0.2) * (r.exported ? 1 : 0.3) * (mentioned.has(r.name) ? 10 : 1);
    syms.push({ file, name: r.name, line: r.line, score: (rank[file] ?? 0) * weight });
  }
  syms.sort((a, b) => b.score - a.score || a.file - b.file || a.line - b.line);
  const render = (n: number): MapFile[] => group(syms.slice(0, n), files, rank);
  // The largest number of symbols whose map fits the budget.
  let lo = 0;
  let hi = syms.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(render(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const best = render(lo);
  return { tokens: estimateTokens(best), files: best };
}

function group(syms: Sym[], files: { path: string }[], rank: number[]): MapFile[] {
  const byFile = new Map<number, Sym[]>();
  for (const s of syms) {
    const list = byFile.get(s.file);
    if (list) list.push(s);
    else byFile.set(s.file, [s]);
  }
  return [...byFile.entries()]
    .sort((a, b) => (rank[b[0]] ?? 0) - (rank[a[0]] ?? 0) || a[0] - b[0])
    .map(([file, list]) => ({
      file: files[file]?.path ?? '',
      symbols: list.sort((a, b) => a.line - b.line).map((s) => `${s.name}:${s.line}`),
    }));
}

/** Words in a task that look like identifiers or paths: `createTask`, `task_number`, `src/cli/main.ts`. */
function identifiersIn(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_$][\w$]{2,}/g) ?? []);
}

function personalisation(
  files: { path: string }[],
  rows: { path: string; name: string }[],
  mentioned: Set<string>,
  options: MapOptions,
): number[] | undefined {
  const weights = files.map(() => 0);
  const index = new Map(files.map((f, i) => [f.path, i]));
  const match = options.taskFiles?.length ? globMatcher(options.taskFiles) : undefined;
  const text = options.taskText ?? '';
  files.forEach((f, i) => {
    if (match?.(f.path)) weights[i] = (weights[i] ?? 0) + 10;
    if (text && text.includes(f.path)) weights[i] = (weights[i] ?? 0) + 10;
  });
  for (const r of rows) {
    const i = index.get(r.path);
    if (i !== undefined && mentioned.has(r.name)) weights[i] = (weights[i] ?? 0) + 1;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? weights.map((w) => w / total) : undefined;
}

/** PageRank by power iteration; a file that imports nothing gives its rank to the personalisation. */
export function pageRank(out: number[][], personal?: number[]): number[] {
  const n = out.length;
  if (n === 0) return [];
  const base = personal ?? new Array<number>(n).fill(1 / n);
  let rank = base.slice();
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Array<number>(n).fill(0);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const targets = out[i] ?? [];
      const r = rank[i] ?? 0;
      if (targets.length === 0) dangling += r;
      else for (const t of targets) next[t] = (next[t] ?? 0) + (DAMPING * r) / targets.length;
    }
    for (let i = 0; i < n; i++) next[i] = (next[i] ?? 0) + (1 - DAMPING + DAMPING * dangling) * (base[i] ?? 0);
    rank = next;
  }
  return rank;
}
