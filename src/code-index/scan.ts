/**
 * `cpk scan`: bring `.codepakt/code.db` up to date with the checkout. A file is parsed again only when
 * its size or mtime changed and its content hash did too; files gone from the checkout (deleted,
 * renamed, newly ignored) leave the index; then every import is resolved again against the files as
 * they are. With `changed`, only the files git reports as changed since the last scan are looked at.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { askGit, changedFiles, type GitState } from './changed.js';
import { type Db, openWritable } from './db.js';
import { isGitRepo, listFilesAsync } from './files.js';
import { type Lang, langOf } from './languages.js';
import { type ParsePool, parsePool } from './parse-files.js';
import { RepoFiles } from './resolve/index.js';
import { type FileRow, importCounts, indexedFiles, resolutionFingerprint, ScanWriter } from './store.js';

export interface ScanOptions {
  /** Only what git says changed since the last scan (a full scan when git cannot say). */
  changed?: boolean;
}

export interface ScanReport {
  /** Source files in the index after the scan. */
  files: number;
  /** Files read and parsed by this scan. */
  parsed: number;
  /** Files that left the index. */
  removed: number;
  /** Files that could not be read or parsed (kept out of the index), with why. */
  failed?: { file: string; error: string }[];
  symbols: number;
  imports: { total: number; resolved: number; external: number; unresolved: number };
  /** 'full' or 'changed' (a --changed scan that had to look at everything says 'full'). */
  mode: 'full' | 'changed';
  ms: number;
}

/** Above this, a file is generated or data, not code worth indexing. */
const MAX_BYTES = 1024 * 1024;

export async function scan(root: string, options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const git = isGitRepo(root);
  // git lists the files while SQLite loads and opens the index.
  const listing = listFilesAsync(root);
  listing.catch(() => undefined);
  const db = openWritable(root);
  let pool: ParsePool | undefined;
  try {
    const last = git ? readGitState(db) : undefined;
    const asked = git ? askGit(root, last, Boolean(options.changed)) : undefined;
    const all = await listing;
    const repo = new RepoFiles(root, all);
    const sources = all.filter((p) => langOf(p) !== undefined);
    const changed = asked?.sinceLast ? changedFiles(last, await asked.sinceLast, all.untracked ?? []) : undefined;
    // Ignore rules changed: what belongs in the index may have changed anywhere.
    const rulesChanged = changed && [...changed].some((p) => /(^|\/)\.(git|codepakt)ignore$/.test(p));
    const candidates = changed && !rulesChanged ? sources.filter((p) => changed.has(p)) : sources;
    const known = indexedFiles(db);
    const present = new Set(sources);
    const gone = [...known.keys()].filter((p) => !present.has(p));
    const failed: { file: string; error: string }[] = [];
    const stale: { path: string; lang: Lang; size: number; mtime_ms: number }[] = [];
    for (const path of candidates) {
      const lang = langOf(path) as Lang;
      let size: number;
      let mtime: number;
      try {
        const st = statSync(join(root, path));
        if (!st.isFile()) continue;
        size = st.size;
        mtime = Math.floor(st.mtimeMs);
      } catch {
        // Listed by git but deleted from the working tree.
        if (known.has(path)) gone.push(path);
        continue;
      }
      const old = known.get(path);
      if (old && old.size === size && old.mtime_ms === mtime) continue;
      if (size > MAX_BYTES) {
        failed.push({ file: path, error: `larger than ${MAX_BYTES} bytes` });
        if (old) gone.push(path);
        continue;
      }
      stale.push({ path, lang, size, mtime_ms: mtime });
    }
    // The parsers load their grammars while this thread reads and hashes the files.
    if (stale.length) pool = parsePool(stale.length, [...new Set(stale.map((f) => f.lang))]);
    const toParse: (FileRow & { text: string })[] = [];
    const touched: { path: string; mtime_ms: number }[] = [];
    for (const f of stale) {
      const buf = readFileSync(join(root, f.path));
      const hash = createHash('sha1').update(buf).digest('base64url');
      if (known.get(f.path)?.hash === hash) touched.push({ path: f.path, mtime_ms: f.mtime_ms });
      else {
        const text = buf.toString('utf8');
        toParse.push({ ...f, hash, text, lines: countLines(text) });
      }
    }
    const fingerprint = resolutionFingerprint(repo);
    const sameFiles = readMeta(db, 'resolution') === fingerprint;
    const writer = new ScanWriter(db, repo);
    let parsed = 0;
    try {
      writer.begin([...new Set(gone)], touched, toParse);
      if (toParse.length && pool) {
        await pool.run(toParse, (r) => {
          if ('error' in r) {
            failed.push({ file: r.path, error: r.error });
            writer.drop(r.path);
            if (known.has(r.path)) gone.push(r.path);
          } else {
            const lang = langOf(r.path) as Lang;
            writer.add(r.path, lang, r.extracted);
            parsed++;
          }
        });
      }
      if (!sameFiles) writer.resolveTheRest();
      writeMeta(db, 'resolution', fingerprint);
      writer.commit();
    } finally {
      writer.rollback();
    }
    const imports = importCounts(db);
    if (asked) writeMeta(db, 'git', JSON.stringify(await asked.state));
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      files: count('SELECT COUNT(*) AS n FROM files'),
      parsed,
      removed: new Set(gone).size,
      ...(failed.length ? { failed } : {}),
      symbols: count('SELECT COUNT(*) AS n FROM symbols'),
      imports,
      mode: changed && !rulesChanged ? 'changed' : 'full',
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await pool?.close();
    db.close();
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function readMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

function readGitState(db: Db): GitState | undefined {
  const value = readMeta(db, 'git');
  if (!value) return undefined;
  try {
    return JSON.parse(value) as GitState;
  } catch {
    return undefined;
  }
}
