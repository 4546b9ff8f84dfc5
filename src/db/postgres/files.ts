import type { FileStore, ReleaseRequest, Reservation, ReserveRequest } from '../../core/file-store.js';
import { type Hold, normalizeFiles, reservationExpiredEvent } from '../../core/rules/reservations.js';
import { decideReleaseReservations, decideReserve } from '../../core/tasks/reservations.js';
import {
  allHolds,
  endReservations,
  holdsNear,
  insertReservation,
  nextReservationId,
  reservationsOf,
  takeExpiredReservations,
} from './file-holds.js';
import { queryOf } from './task-apply.js';
import type { PgProjectAccess } from './tasks.js';
import type { PgWrite } from './write.js';

/** Ad-hoc file reservations over PostgreSQL: each call one project transaction (load → decide → apply). */
export class PgFileStore implements FileStore {
  constructor(private readonly p: PgProjectAccess) {}

  reserve(req: ReserveRequest): Promise<Reservation> {
    return this.p.write(async (w) => {
      const q = queryOf(w);
      await expireReservations(w);
      const near = await holdsNear(q, w.projectId, normalizeFiles(req.files), req.agent, w.now);
      const id = await nextReservationId(q, w.projectId);
      const { reservation, event } = decideReserve(req, id, near, w);
      await insertReservation(q, w.projectId, reservation);
      w.record(event);
      return reservation;
    });
  }

  release(req: ReleaseRequest): Promise<Reservation[]> {
    return this.p.write(async (w) => {
      const q = queryOf(w);
      await expireReservations(w);
      const mine = await reservationsOf(q, w.projectId, req.agent, w.now);
      const { released, events } = decideReleaseReservations(mine, req);
      await endReservations(
        q,
        w.projectId,
        released.map((r) => r.id),
        w.now,
      );
      for (const e of events) w.record(e);
      return released;
    });
  }

  expire(): Promise<Reservation[]> {
    return this.p.write(expireReservations);
  }

  holds(): Promise<Hold[]> {
    return allHolds(this.p.query, this.p.projectId, this.p.now());
  }
}

/** Reservations that ran out end in this write, each recorded once (`files.expired`). */
async function expireReservations(w: PgWrite): Promise<Reservation[]> {
  const expired = await takeExpiredReservations(queryOf(w), w.projectId, w.now);
  for (const r of expired) w.record(reservationExpiredEvent(r));
  return expired;
}
