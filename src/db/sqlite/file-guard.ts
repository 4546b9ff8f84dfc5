import { closeSync, openSync, read, readSync, stat, statSync, type Stats } from 'node:fs';
import { ApiError } from '../../core/errors.js';
import { damaged, storageError, storageTrouble } from './errors.js';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Notices a project's database file being deleted, moved, replaced, overwritten in place or found
 * damaged while the server has it open. SQLite keeps reading and writing a deleted file through its
 * open descriptor, and serves an overwritten one from its cache, so without this a deleted project
 * folder would swallow acknowledged writes. Reads check synchronously (one stat, one 16-byte read of
 * the header through a held descriptor); writes check off the event loop, beside the WAL flush, and a
 * write whose file is gone is refused before it is acknowledged: cheaper than a check in front of every
 * write, and it also catches a deletion that happens while the write is running.
 *
 * Writes also wait for the check run on opening (`holdWritesUntil`), and once damage is found (by that
 * check or by any SQLITE_CORRUPT) every write is refused.
 */
export class FileGuard {
  private readonly dev: number;
  private readonly ino: number;
  private readonly fd: number;
  private closed = false;
  private gate: Promise<void> | undefined;
  /** Set once the file is found damaged: every later write is refused with it. */
  broken: ApiError | undefined;

  constructor(
    readonly file: string,
    /** Called once the file is found gone or replaced (the catalog then retires the store). */
    private readonly onGone: () => void,
    /** Called once the file is found damaged, with the message to answer with. */
    private readonly onDamaged: (err: ApiError) => void = () => undefined,
  ) {
    this.fd = openSync(file, 'r');
    const opened = statSync(file);
    this.dev = opened.dev;
    this.ino = opened.ino;
    // SQLite reads page 1 from the write-ahead log when it is there, so a file overwritten in place
    // still opens and serves from the log: only its header tells.
    if (!this.headerNow()) {
      closeSync(this.fd);
      throw Object.assign(new Error('file is not a database (its header was overwritten)'), { code: 'SQLITE_NOTADB' });
    }
  }

  /** Whether the file at the path is still the one opened, and still an SQLite database. */
  intact(): boolean {
    const ok = this.same(statSync(this.file, { throwIfNoEntry: false })) && this.headerNow();
    if (!ok) this.onGone();
    return ok;
  }

  /** Whether the path still names the file opened (whatever it now holds); nothing is reported. */
  sameFileAtPath(): boolean {
    return this.same(statSync(this.file, { throwIfNoEntry: false }));
  }

  /** The same, off the event loop: `done` gets the error to answer with when the file is gone. */
  check(done: (err: ApiError | null) => void): void {
    stat(this.file, (err, now) => {
      if (err || !this.same(now)) return done(this.gone('deleted, moved or replaced'));
      if (this.closed) return done(null);
      const head = Buffer.alloc(16);
      read(this.fd, head, 0, 16, 0, (readErr, n) => {
        if (!readErr && n === 16 && head.toString('latin1') === SQLITE_HEADER) return done(null);
        done(this.gone('overwritten with something that is not an SQLite database'));
      });
    });
  }

  /** Writes wait for `check` (the open-time integrity check); a rejection marks the file damaged. */
  holdWritesUntil(check: Promise<void>): void {
    const gate = check.then(
      () => {
        if (this.gate === gate) this.gate = undefined;
      },
      (err: unknown) => {
        this.markDamaged(err instanceof ApiError ? err : damaged(this.file, String(err)));
        throw this.broken;
      },
    );
    this.gate = gate;
    // Nobody may be waiting yet; the failure is kept in `broken` as well.
    gate.catch(() => undefined);
  }

  /** Resolves once writes may run; rejects with the reason they may not. */
  writable(): Promise<void> | undefined {
    if (this.broken) return Promise.reject(this.broken);
    return this.gate;
  }

  /**
   * The error to answer with for `err` thrown by SQLite on this file: storage failures name the file
   * and what to do, and damage stops the project's writes. Any other error is returned as it is.
   */
  failure(err: unknown): unknown {
    const api = storageError(err, this.file);
    if (!api) return err;
    if (storageTrouble(err) === 'damaged') this.markDamaged(api);
    return this.broken ?? api;
  }

  markDamaged(err: ApiError): void {
    if (this.broken) return;
    this.broken = err;
    this.onDamaged(err);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private gone(what: string): ApiError {
    this.onGone();
    return new ApiError(
      'project_unavailable',
      `The project's database ${this.file} was ${what} while the server had it open; this write was not kept. Retry: the next request reopens it or says what is wrong`,
    );
  }

  private headerNow(): boolean {
    if (this.closed) return true;
    const head = Buffer.alloc(16);
    try {
      return readSync(this.fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
    } catch {
      return false;
    }
  }

  private same(now: Stats | undefined): boolean {
    return now !== undefined && now.dev === this.dev && now.ino === this.ino;
  }
}
