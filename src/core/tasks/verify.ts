import { ApiError } from '../errors.js';
import type { VerifyReport } from '../task-store.js';
import type { Task, VerifyResult } from '../types.js';

/** Output kept of a verify run: its tail, as the CLI sends it. */
export const VERIFY_TAIL_CHARS = 4000;

/**
 * Nothing is reported done that fails its own check: a done carrying a failed or timed-out verify run
 * is refused (the CLI does not send one; another client might). A skipped run is recorded as such.
 */
export function assertVerifyPassed(task: Pick<Task, 'task_number'>, verify: VerifyReport | undefined): void {
  if (!verify || verify.status === 'passed' || verify.status === 'skipped') return;
  const how = verify.status === 'timed_out' ? 'timed out' : `failed (exit ${verify.exit_code ?? '?'})`;
  throw new ApiError(
    'conflict',
    `${task.task_number} cannot be reported done: its verify command ${how}; fix it, or report with --no-verify`,
    [{ path: 'verify.status', message: `verify ${how}` }],
  );
}

export function verifyRecord(report: VerifyReport, by: string, now: string): VerifyResult {
  return {
    status: report.status,
    command: report.command,
    exit_code: report.exit_code,
    duration_ms: report.duration_ms,
    output_tail: report.output_tail.slice(-VERIFY_TAIL_CHARS),
    by,
    recorded_at: now,
  };
}
