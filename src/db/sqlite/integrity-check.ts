import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface IntegrityReport {
  /** `quick_check` (on opening a project) or `integrity_check` (on demand, `cpk doctor`). */
  kind: 'quick_check' | 'integrity_check';
  ok: boolean;
  /** What SQLite found wrong (at most 100 lines), or why the file could not be checked at all. */
  problems: string[];
  duration_ms: number;
  /** The check could not run (file unreadable, worker failed): not a finding of damage. */
  inconclusive?: true;
}

const MAX_PROBLEMS = 100;

/**
 * Runs in a worker thread with its own read-only connection: the check reads every page of the file
 * (a second or more for a large project), and the event loop keeps serving meanwhile.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const started = Date.now();
let problems;
let inconclusive = false;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db.prepare('PRAGMA ' + workerData.kind + '(' + workerData.max + ')').pluck().all();
    problems = rows.length === 1 && rows[0] === 'ok' ? [] : rows.map(String);
  } finally {
    db.close();
  }
} catch (err) {
  problems = [(err.code ? err.code + ': ' : '') + err.message];
  inconclusive = !/^SQLITE_(CORRUPT|NOTADB)/.test(String(err.code));
}
parentPort.postMessage({ problems, inconclusive, duration_ms: Date.now() - started });
`;

let driver: string | undefined;

/** Check `file` off the event loop; never rejects (a file that cannot be checked is reported as a problem). */
export function checkDatabase(file: string, kind: IntegrityReport['kind']): Promise<IntegrityReport> {
  driver ??= createRequire(import.meta.url).resolve('better-sqlite3');
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (problems: string[], inconclusive: boolean, duration = Date.now() - started) => {
      if (settled) return;
      settled = true;
      resolve({
        kind,
        ok: problems.length === 0,
        problems,
        duration_ms: duration,
        ...(inconclusive ? { inconclusive: true as const } : {}),
      });
    };
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, kind, max: MAX_PROBLEMS } });
    // A check still running does not keep a stopping server alive.
    worker.unref();
    worker.once('message', (m: { problems: string[]; inconclusive: boolean; duration_ms: number }) => {
      finish(m.problems, m.inconclusive, m.duration_ms);
      void worker.terminate();
    });
    worker.once('error', (err) => finish([`the check could not run: ${err.message}`], true));
    worker.once('exit', (code) => finish([`the check stopped early (exit ${code})`], true));
  });
}
