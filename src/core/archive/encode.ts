import type { ArchiveCounts, EntityRecord, HeaderRecord, TrailerRecord } from './format.js';
import { COUNT_OF } from './format.js';

/**
 * The archive's text from a store's records, one piece of whole lines per page the store hands over
 * (the header first, then the entities in the archive's order), ending with the trailer that counts
 * what was written. Each page is turned into text in one synchronous step, so its records are garbage
 * before the next page is read. A record's fields are written in the order the store built them in:
 * the same data gives the same bytes.
 */
export async function* encodeArchive(
  batches: AsyncIterable<readonly (HeaderRecord | EntityRecord)[]>,
): AsyncGenerator<string> {
  const counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  let first = true;
  for await (const batch of batches) {
    let piece = '';
    for (const record of batch) {
      if (first !== (record.kind === 'header')) throw new Error('an archive has one header, first');
      first = false;
      if (record.kind !== 'header') counts[COUNT_OF[record.kind]]++;
      piece += `${JSON.stringify(record)}\n`;
    }
    if (piece) yield piece;
  }
  if (first) throw new Error('an archive has one header, first');
  const trailer: TrailerRecord = { kind: 'trailer', counts };
  yield `${JSON.stringify(trailer)}\n`;
}
