import { useEffect, useState } from 'preact/hooks';

/** A piece of state that components re-render from when it changes. */
export class Observable {
  private listeners = new Set<() => void>();
  version = 0;

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  protected changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}

/** Re-render the calling component whenever `source` changes. */
export function useObservable(source: Observable | null | undefined): number {
  const [, setSeen] = useState(0);
  useEffect(() => {
    if (!source) return;
    setSeen(source.version);
    return source.subscribe(() => setSeen(source.version));
  }, [source]);
  return source?.version ?? 0;
}

/**
 * Runs an async job at most once at a time; triggers arriving while it runs (or within the delay)
 * fold into one more run. Used to refetch a list after a burst of live events. With `backOff`, the
 * delay is at least that many times the last run's duration: a refetch that is slow for the server
 * (counting a board of 300,000 tasks) is asked for proportionally less often.
 */
export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private lastRunMs = 0;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs = 150,
    private readonly backOff = 0,
  ) {}

  /** How long a trigger now waits before the job runs. */
  get delay(): number {
    return Math.max(this.delayMs, this.backOff * this.lastRunMs);
  }

  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.run(), this.delay);
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    const started = performance.now();
    try {
      await this.job();
    } catch {
      // The job reports its own errors; a failed refresh is retried by the next trigger.
    } finally {
      this.running = false;
      this.lastRunMs = performance.now() - started;
    }
    if (this.again) {
      this.again = false;
      this.trigger();
    }
  }
}
