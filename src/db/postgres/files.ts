import type { FileStore, ReleaseRequest, Reservation, ReserveRequest } from '../../core/file-store.js';
import { type Hold, normalizeFiles } from '../../core/rules/reservations.js';
import { decideReleaseReservations, decideReserve } from '../../core/tasks/reservations.js';
import {
  allHolds,
  endReservations,
  holdsNear,
  insertReservation,
  nextReservationId,
  reservationsOf,
} from './file-holds.js';
import { queryOf } from './task-apply.js';
import type { PgProjectAccess } from './tasks.js';

/** Ad-hoc file reservations over PostgreSQL: each call one project transaction (load → decide → apply). */
export class PgFileStore implements FileStore {
  constructor(private readonly p: PgProjectAccess) {}

  reserve(req: ReserveRequest): Promise<Reservation> {
    return this.p.write(async (w) => {
      const q = queryOf(w);
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

  holds(): Promise<Hold[]> {
    return allHolds(this.p.query, this.p.projectId, this.p.now());
  }
}
