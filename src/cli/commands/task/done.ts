import type { Command } from 'commander';
import { act, durationOption, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';
import { CliError, EXIT } from '../../output.js';
import { checkoutRoot, DEFAULT_VERIFY_TIMEOUT_S, runVerify, type VerifyReport } from '../../verify-run.js';
import { brief } from './shared.js';

interface DoneOptions {
  agent?: string;
  notes?: string;
  force?: boolean;
  verify?: boolean;
  verifyTimeout?: string;
}

export function registerDone(task: Command, ctx: CommandContext): void {
  task
    .command('done')
    .description(
      "Report your task done (→ review) once its verify command passes here; another agent's done on a review task approves it (→ done), yours again changes nothing",
    )
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--notes <text>', 'what was done, how it was verified')
    .option('--force', 'complete a task held by another agent')
    .option('--no-verify', "report without running the task's verify command (recorded as skipped)")
    .option(
      '--verify-timeout <duration>',
      `how long verify may run: 90s, 10m (default CPK_VERIFY_TIMEOUT, else ${DEFAULT_VERIFY_TIMEOUT_S / 60}m)`,
    )
    .action(
      act(ctx, async (id: string, opts: DoneOptions) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const timeoutS =
          durationOption('--verify-timeout', opts.verifyTimeout ?? ctx.rt.env.CPK_VERIFY_TIMEOUT) ??
          DEFAULT_VERIFY_TIMEOUT_S;
        const p = projectContext(ctx.rt);
        const current = await call(
          p.api.GET('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } } }),
          p.url,
        );
        // Verify is the holder's check of in-progress work; approving a review task runs nothing, and a
        // done the server will refuse (another agent's task, without --force) is not kept waiting for it.
        let verify: VerifyReport | undefined;
        const command = current.data.verify;
        const holder = current.data.assignee === agent || opts.force === true;
        if (command && current.data.status === 'in-progress' && holder) {
          verify =
            opts.verify === false
              ? { status: 'skipped', command, exit_code: null, duration_ms: null, output_tail: '' }
              : await runVerify(command, checkoutRoot(ctx.rt.cwd), timeoutS * 1000);
          if (verify.status === 'failed' || verify.status === 'timed_out')
            throw verifyFailed(current.data.task_number, verify);
          if (verify.status === 'skipped')
            ctx.rt.io.err(`verify skipped (--no-verify): ${command} was not run; the task records that\n`);
        }
        const res = await call(
          p.api.POST('/api/tasks/{id}/done', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { agent, notes: opts.notes, force: opts.force, verify },
          }),
          p.url,
        );
        const verified = verify ? { status: verify.status, duration_ms: verify.duration_ms ?? undefined } : undefined;
        return {
          value: { ...brief(res.data), verify: verified },
          human: () =>
            `${res.data.task_number} is now ${res.data.status}${verify ? ` (verify ${verify.status.replace('_', ' ')})` : ''}`,
        };
      }),
    );
}

/** Not reported: the output's tail on stderr, exit 1. */
function verifyFailed(taskNumber: string, v: VerifyReport): CliError {
  const how = v.status === 'timed_out' ? 'timed out' : `failed with exit code ${v.exit_code ?? '?'}`;
  return new CliError(
    EXIT.failed,
    'verify_failed',
    `${taskNumber} not reported done: verify ${how} after ${((v.duration_ms ?? 0) / 1000).toFixed(1)} s (${v.command}); fix it and run done again, or --no-verify to report anyway. Last output:\n${v.output_tail}`,
    { status: v.status, exit_code: v.exit_code, duration_ms: v.duration_ms, output_tail: v.output_tail },
  );
}
