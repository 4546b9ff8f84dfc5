import type { FileStore, ReleaseRequest, Reservation, ReserveRequest } from '../../core/file-store.js';
import { type Hold, normalizeFiles, reservationExpiredEvent } from '../../core/rules/reservations.js';
import { decideReleaseReservations, decideReserve } from '../../core/tasks/reservations.js';
import { touchAgent } from './agents.js';
import {
  allHolds,
  deleteReservation,
  holdsNear,
  insertReservation,
  nextReservationId,
  reservationsOf,
  takeExpiredReservations,
} from './file-holds.js';
import type { WriteContext } from './events.js';
import type { SqliteDatabaseHandle } from './project-database.js';
import { decideContext } from './task-transitions.js';

/** Ad-hoc file reservations over SQLite: each call one `BEGIN IMMEDIATE` write (load → decide → apply). */
export class SqliteFileStore implements FileStore {
  constructor(private readonly h: SqliteDatabaseHandle) {}

  async reserve(req: ReserveRequest): Promise<Reservation> {
    return this.h.write((ctx) => {
      expireReservations(ctx);
      touchAgent(ctx.db, req.agent, ctx.now);
      const near = holdsNear(ctx.db, normalizeFiles(req.files), req.agent, ctx.now);
      const { reservation, event } = decideReserve(req, nextReservationId(ctx.db), near, decideContext(ctx));
      insertReservation(ctx.db, reservation);
      ctx.record(event);
      return reservation;
    });
  }

  async release(req: ReleaseRequest): Promise<Reservation[]> {
    return this.h.write((ctx) => {
      expireReservations(ctx);
      const { released, events } = decideReleaseReservations(reservationsOf(ctx.db, req.agent, ctx.now), req);
      for (const r of released) deleteReservation(ctx.db, r.id);
      for (const e of events) ctx.record(e);
      return released;
    });
  }

  async expire(): Promise<Reservation[]> {
    return this.h.write(expireReservations);
  }

  async holds(): Promise<Hold[]> {
    return this.h.read((db) => allHolds(db, this.h.clock.now().toISOString()));
  }
}

/** Reservations that ran out end in this write, each recorded once (`files.expired`). */
function expireReservations(ctx: WriteContext): Reservation[] {
  const expired = takeExpiredReservations(ctx.db, ctx.now);
  for (const r of expired) ctx.record(reservationExpiredEvent(r));
  return expired;
}
