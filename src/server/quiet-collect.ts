import type { Server } from 'node:http';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection once the server has gone quiet after a burst. V8 collects the old
 * generation when it reaches twice what was live at the last full collection (see boundHeapGrowth in
 * main.ts), so the garbage of a burst below that line stays resident for as long as the server is idle:
 * after 10 clients that pipelined reads of 1,000 tasks and went away, the heap held ~60 MiB of which
 * ~28 MiB was live, 20 s later, and an export started then from ~165 MiB resident. While requests keep
 * coming V8 collects on its own schedule; nothing here runs then.
 */
export interface QuietCollectOptions {
  /** No request may have started for this long (ms). */
  quietMs?: number;
  /** The heap must have grown this much (bytes) since the last full collection seen. */
  growthBytes?: number;
  /** How often to look (ms). */
  everyMs?: number;
}

export interface QuietCollector {
  /** Full collections run so far. */
  collections(): number;
  stop(): void;
}

export function collectWhenQuiet(server: Server, options: QuietCollectOptions = {}): QuietCollector {
  const quietMs = options.quietMs ?? 1000;
  const growth = options.growthBytes ?? 8 * 1024 * 1024;
  const gc = fullCollection();
  let runs = 0;
  if (!gc) return { collections: () => runs, stop: () => undefined };
  let lastRequest = Date.now();
  const onRequest = () => {
    lastRequest = Date.now();
  };
  server.on('request', onRequest);
  let live = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    const used = getHeapStatistics().used_heap_size;
    // V8 collected by itself meanwhile: that is the new base.
    if (used < live) live = used;
    if (used - live < growth || Date.now() - lastRequest < quietMs) return;
    gc();
    runs++;
    live = getHeapStatistics().used_heap_size;
  }, options.everyMs ?? 500);
  timer.unref();
  return {
    collections: () => runs,
    stop: () => {
      clearInterval(timer);
      server.off('request', onRequest);
    },
  };
}

/** V8's full collection, as `--expose-gc` gives it (set at run time: the server's flags stay as they are). */
function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
