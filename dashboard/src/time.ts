import { useEffect, useState } from 'preact/hooks';

/** "3m", "2h 5m", "4d": a short duration for lease countdowns and ages. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = now - t;
  if (d < 5_000) return 'just now';
  return `${shortDuration(d)} ago`;
}

export interface LeaseState {
  expired: boolean;
  text: string;
}

export function leaseState(expiresAt: string | null | undefined, now: number): LeaseState | null {
  if (!expiresAt) return null;
  const left = Date.parse(expiresAt) - now;
  if (Number.isNaN(left)) return null;
  return left <= 0 ? { expired: true, text: 'lease expired' } : { expired: false, text: `${shortDuration(left)} left` };
}

export function fullTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

const subscribers = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The current time, re-rendering every `everyMs`: lease countdowns and "ago" labels move on their own.
 * A local clock only; data still changes only through the event stream.
 */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let last = 0;
    const fn = (t: number) => {
      if (t - last >= everyMs) {
        last = t;
        setNow(t);
      }
    };
    subscribers.add(fn);
    timer ??= setInterval(() => {
      const t = Date.now();
      for (const s of subscribers) s(t);
    }, 1_000);
    return () => {
      subscribers.delete(fn);
      if (subscribers.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, [everyMs]);
  return now;
}
