import { stat, statSync, type Stats } from 'node:fs';
import { ApiError } from '../core/errors.js';

/**
 * Notices a project's database file being deleted, moved or replaced while the server has it open.
 * SQLite keeps reading and writing a deleted file through its open descriptor, so without this a
 * deleted project folder would swallow acknowledged writes. Reads check synchronously (one stat);
 * writes check off the event loop, beside the WAL flush, and a write whose file is gone is refused
 * before it is acknowledged: cheaper than a stat in front of every write, and it also catches a
 * deletion that happens while the write is running.
 */
export class FileGuard {
  private readonly dev: number;
  private readonly ino: number;

  constructor(
    readonly file: string,
    /** Called once the file is found gone or replaced (the hub then retires the store). */
    private readonly onGone: () => void,
  ) {
    const opened = statSync(file);
    this.dev = opened.dev;
    this.ino = opened.ino;
  }

  /** Whether the file at the path is still the one opened. */
  intact(): boolean {
    const ok = this.same(statSync(this.file, { throwIfNoEntry: false }));
    if (!ok) this.onGone();
    return ok;
  }

  /** The same, off the event loop: `done` gets the error to answer with when the file is gone. */
  check(done: (err: ApiError | null) => void): void {
    stat(this.file, (err, now) => {
      if (!err && this.same(now)) return done(null);
      this.onGone();
      done(
        new ApiError(
          'project_unavailable',
          `The project's database ${this.file} was deleted, moved or replaced while the server had it open; this write was not kept. Retry: the next request reopens it or says what is wrong`,
        ),
      );
    });
  }

  private same(now: Stats | undefined): boolean {
    return now !== undefined && now.dev === this.dev && now.ino === this.ino;
  }
}
