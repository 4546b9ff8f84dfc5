import type { components } from '../../../generated/api.js';
import { relativeTime, table } from '../output.js';

type Hold = components['schemas']['FileHold'];
type Skipped = components['schemas']['SkippedTask'];

/** Who holds which files, until when (board status, files list). */
export function holdsTable(holds: readonly Hold[]): string {
  if (holds.length === 0) return '(no files held)';
  return table(
    holds.map((h) => ({
      hold: h.ref,
      agent: h.agent,
      until: h.until ? relativeTime(h.until) : 'no lease end',
      files: `${h.files.join(', ')}${h.shared ? ' (shared)' : ''}`,
    })),
    ['hold', 'agent', 'until', 'files'],
  );
}

/** The tasks a pickup passed over, and whose files stopped it. */
export function skippedText(skipped: readonly Skipped[]): string {
  return skipped
    .map(
      (s) =>
        `  ${s.task_number} ${s.title}: ${s.files.join(', ')} held by ${s.held_by} (${s.hold}, until ${s.until ?? 'no lease end'})`,
    )
    .join('\n');
}
