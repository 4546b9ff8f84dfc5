import type { Hold } from './rules/reservations.js';

/** An ad-hoc reservation of files, for work outside a task (`cpk files reserve`). */
export interface Reservation {
  /** */
  id: string;
  agent: string;
  files: string[];
  shared: boolean;
  created_at: string;
  expires_at: string;
}

export interface ReserveRequest {
  agent: string;
  files: string[];
  /** Default: the project's lease length. */
  ttl_seconds?: number | undefined;
  shared?: boolean | undefined;
}

export interface ReleaseRequest {
  agent: string;
  /** Release these reservations; with neither ids nor files, all of the agent's. */
  ids?: string[] | undefined;
  /** Release the agent's reservations that name exactly these globs. */
  files?: string[] | undefined;
}

/** File reservations of a project store; each call is one transaction. */
export interface FileStore {
  /** Reserve the files, or 409 naming who holds overlapping ones. */
  reserve(request: ReserveRequest): Promise<Reservation>;
  /** The reservations released (none is not an error). */
  release(request: ReleaseRequest): Promise<Reservation[]>;
  /**
   * Record the end of every reservation expired by now and not yet recorded: one `files.expired` event
   * each, exactly once whoever else expires them. Reserve and release do it first too. The ones ended.
   */
  expire(): Promise<Reservation[]>;
  /** Every live hold: claims of in-progress tasks and unexpired reservations. */
  holds(): Promise<Hold[]>;
}
