import type { ArchiveCounts, EntityRecord, HeaderRecord, TrailerRecord } from './format.js';
import { COUNT_OF } from './format.js';

/** Lines are handed on in pieces of about this size: few enough to be cheap, small enough to stream. */
const PIECE_CHARS = 64 * 1024;

/**
 * The archive's text from a store's records, a page at a time (the header first, then the entities in
 * the archive's order), in pieces of whole lines, ending with the trailer that counts what was written. A record's
 * fields are written in the order the store built them in: the same data gives the same bytes.
 */
export async function* encodeArchive(
  batches: AsyncIterable<readonly (HeaderRecord | EntityRecord)[]>,
): AsyncGenerator<string> {
  const counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  let piece = '';
  let first = true;
  for await (const batch of batches)
    for (const record of batch) {
      if (first !== (record.kind === 'header')) throw new Error('an archive has one header, first');
      first = false;
      if (record.kind !== 'header') counts[COUNT_OF[record.kind]]++;
      piece += `${JSON.stringify(record)}\n`;
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
  if (first) throw new Error('an archive has one header, first');
  const trailer: TrailerRecord = { kind: 'trailer', counts };
  yield `${piece}${JSON.stringify(trailer)}\n`;
}
