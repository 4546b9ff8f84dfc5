/**
 * Parsing many files: on every core, in worker threads, when there are enough of them to repay a
 * worker's start (each loads its own grammars); in this thread otherwise. Workers run the CLI bundle
 * itself (src/cli/commands/scan.ts starts the worker side when it finds the flag set below), so they
 * exist only in the built CLI; from sources (tests) parsing stays in this thread. (node:worker_threads is
 * imported statically: the CLI bundle is run from a code cache that cannot load modules with import().)
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import type { Extracted } from './extract/types.js';
import type { Lang } from './languages.js';
import { createParser } from './parser.js';

export interface ParseJob {
  path: string;
  lang: Lang;
  text: string;
}

export type ParseResult = { path: string; extracted: Extracted } | { path: string; error: string };

/** Below this many files one thread is quicker than starting workers. */
const MIN_FILES_FOR_WORKERS = 48;
export const WORKER_FLAG = '__cpkCodeIndexWorker';

function bundleFile(): string | undefined {
  const self = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return self.endsWith('.js') ? self : undefined;
}

export async function parseFiles(jobs: ParseJob[], threads = availableParallelism()): Promise<ParseResult[]> {
  const bundle = bundleFile();
  const workers = Math.min(threads, Math.floor(jobs.length / (MIN_FILES_FOR_WORKERS / 2)));
  if (!bundle || workers < 2 || process.env.CPK_SCAN_THREADS === '1') return parseHere(jobs);
  return parseInWorkers(bundle, jobs, workers);
}

async function parseHere(jobs: ParseJob[]): Promise<ParseResult[]> {
  const parser = await createParser(jobs.map((j) => j.lang));
  return jobs.map((j) => {
    try {
      return { path: j.path, extracted: parser.parse(j.text, j.lang) };
    } catch (err) {
      return { path: j.path, error: (err as Error).message };
    }
  });
}

async function parseInWorkers(bundle: string, jobs: ParseJob[], count: number): Promise<ParseResult[]> {
  const results = new Map<string, ParseResult>();
  // Largest first, handed out one at a time: the threads finish together.
  const queue = [...jobs].sort((a, b) => b.text.length - a.text.length);
  const langs = [...new Set(jobs.map((j) => j.lang))];
  const code = `globalThis.${WORKER_FLAG} = ${JSON.stringify(langs)}; require(${JSON.stringify(bundle)});`;
  await Promise.all(
    Array.from({ length: count }, () => {
      const worker = new Worker(code, { eval: true, argv: [], stdout: false, stderr: true });
      return new Promise<void>((resolve, reject) => {
        const next = () => {
          const job = queue.shift();
          if (job) worker.postMessage(job);
          else void worker.terminate().then(() => resolve());
        };
        worker.on('message', (msg: ParseResult | { ready: true }) => {
          if (!('ready' in msg)) results.set(msg.path, msg);
          next();
        });
        worker.once('error', reject);
        worker.once('exit', (code) =>
          queue.length ? reject(new Error(`a parse worker exited (${code})`)) : resolve(),
        );
      });
    }),
  );
  return jobs.map((j) => results.get(j.path) ?? { path: j.path, error: 'not parsed' });
}

/** The worker side: load the grammars, say so, then parse each file sent and answer with what it holds. */
export async function serveParseWorker(langs: Lang[]): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const parser = await createParser(langs);
  port.on('message', (job: ParseJob) => {
    let result: ParseResult;
    try {
      result = { path: job.path, extracted: parser.parse(job.text, job.lang) };
    } catch (err) {
      result = { path: job.path, error: (err as Error).message };
    }
    port.postMessage(result);
  });
  port.postMessage({ ready: true });
}
