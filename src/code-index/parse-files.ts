/**
 * Parsing many files: on every core, in worker threads, when there are enough of them to repay a
 * worker's start (each loads its own grammars); in this thread otherwise. The workers run their own
 * small bundle (dist/cli-parse-worker.js, from parse-worker.ts), so they exist only in the built CLI;
 * from sources (tests) parsing stays in this thread. Results are handed to `onResult` as they come,
 * so that this thread resolves and writes one file while the workers parse the next ones.
 * (node:worker_threads is imported statically: the CLI bundle is run from a code cache that cannot
 * load modules with import().)
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Extracted } from './extract/types.js';
import type { Lang } from './languages.js';
import { createParser, preferQuickStart } from './parser.js';

export interface ParseJob {
  path: string;
  lang: Lang;
  text: string;
}

export type ParseResult = { path: string; extracted: Extracted } | { path: string; error: string };

/** Below this many files one thread is quicker than starting workers. */
const MIN_FILES_FOR_WORKERS = 48;
/** Files sent to a worker ahead of its answers, so that it never waits for the next one. */
const IN_FLIGHT = 4;
export const WORKER_FILE = 'cli-parse-worker.js';

const self = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
/** Running from the built CLI: a short process of its own (not a test run from sources). */
const bundled = self.endsWith('.js');

function workerFile(): string | undefined {
  const file = join(dirname(self), WORKER_FILE);
  return bundled && existsSync(file) ? file : undefined;
}

export interface ParsePool {
  /** Parse every job; `onResult` sees each result once, in the order they finish. Once per pool. */
  run(jobs: ParseJob[], onResult: (r: ParseResult) => void): Promise<void>;
  /** Stop the workers (run does when it ends): for a pool that will not be run. */
  close(): Promise<void>;
}

/**
 * A pool for `expected` files of `langs`: the workers start loading their grammars at once, while the
 * caller reads the files it will send. This thread parses too, between writing the results: one
 * worker fewer to start (each costs a Node environment and its own grammars), and no thread idles.
 */
export function parsePool(expected: number, langs: Lang[], threads = availableParallelism()): ParsePool {
  const file = workerFile();
  const count = Math.min(threads, Math.floor(expected / (MIN_FILES_FOR_WORKERS / 2)));
  const many = file && count >= 2 && process.env.CPK_SCAN_THREADS !== '1';
  if (bundled && expected < MIN_FILES_FOR_WORKERS) preferQuickStart();
  // Loading starts now (the compiling happens off this thread), as the workers' does.
  const parser = createParser(langs);
  parser.catch(() => undefined);
  const workers = many
    ? Array.from(
        { length: count - 1 },
        () => new Worker(file, { workerData: langs, argv: [], stdout: false, stderr: true }),
      )
    : [];
  const close = async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  return {
    run: (jobs, onResult) => parseAll(parser, workers, jobs, onResult).finally(close),
    close,
  };
}

type Parser = Awaited<ReturnType<typeof createParser>>;

function parseOne(parser: Parser, job: ParseJob): ParseResult {
  try {
    return { path: job.path, extracted: parser.parse(job.text, job.lang) };
  } catch (err) {
    return { path: job.path, error: (err as Error).message };
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function parseAll(
  parser: Promise<Parser>,
  workers: Worker[],
  jobs: ParseJob[],
  onResult: (r: ParseResult) => void,
): Promise<void> {
  // Largest first, handed out a few at a time: the threads finish together.
  const queue = [...jobs].sort((a, b) => b.text.length - a.text.length);
  const done = new Set<string>();
  let failure: unknown;
  const deliver = (r: ParseResult) => {
    done.add(r.path);
    try {
      onResult(r);
    } catch (err) {
      failure ??= err;
    }
  };
  const here = async () => {
    const p = await parser;
    for (let job = queue.shift(); job; job = queue.shift()) {
      deliver(parseOne(p, job));
      // The workers' answers wait for this thread: let them in, and hand out more.
      if (workers.length) await nextTurn();
    }
  };
  try {
    await Promise.all([here(), ...workers.map((w) => serve(w, queue, deliver))]);
  } finally {
    for (const w of workers) w.removeAllListeners('message');
  }
  if (failure) throw failure;
  for (const j of jobs) if (!done.has(j.path)) onResult({ path: j.path, error: 'not parsed' });
}

/** Keep one worker busy from the shared queue until it is empty and the worker has answered. */
function serve(worker: Worker, queue: ParseJob[], deliver: (r: ParseResult) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let pending = 0;
    const send = () => {
      const job = queue.shift();
      if (!job) return false;
      pending++;
      worker.postMessage(job);
      return true;
    };
    for (let i = 0; i < IN_FLIGHT && send(); i++);
    if (!pending) resolve();
    worker.on('message', (msg: ParseResult) => {
      pending--;
      deliver(msg);
      if (!send() && !pending) resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      pending || queue.length ? reject(new Error(`a parse worker exited (${code})`)) : resolve(),
    );
  });
}

/** The worker side: load the grammars, then parse each file sent and answer with what it holds. */
export function serveParseWorker(): void {
  const port = parentPort;
  if (!port) return;
  const parser = createParser(workerData as Lang[]);
  parser.catch(() => undefined);
  port.on('message', (job: ParseJob) => {
    void parser.then(
      (p) => port.postMessage(parseOne(p, job)),
      (err: Error) => port.postMessage({ path: job.path, error: `no parser: ${err.message}` }),
    );
  });
}
