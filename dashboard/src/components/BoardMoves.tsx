import { useState } from 'preact/hooks';
import { type Task, type TaskStatus, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { STATUS_LABELS } from '../state/board.js';
import { type MoveAction, planMove } from '../state/moves.js';
import { performMove } from '../state/perform-move.js';
import { Drawer } from './Drawer.js';
import { ReasonForm } from './TaskActions.js';

export interface BoardMoves {
  move(task: Task, to: TaskStatus): void;
  /** The reason dialog and the outcome line, rendered once by the board. */
  ui: preact.JSX.Element;
}

interface Asking {
  task: Task;
  to: TaskStatus;
  action: MoveAction;
}

/**
 * Moves by drag or keyboard. An allowed move shows at once in its new column; if the server refuses
 * it, the card snaps back and the reason is shown. Block and reject first ask why, like the buttons.
 */
export function useBoardMoves(): BoardMoves {
  const { api, projectId, actor, session } = useApp();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (task: Task, to: TaskStatus, action: MoveAction, reason?: string) => {
    const board = session.board;
    board.upsert({ ...task, status: to });
    setBusy(true);
    try {
      const after = await performMove(api, projectId, actor, task, action, reason);
      board.upsert(after);
      setOutcome({ ok: true, text: `${task.task_number} moved to ${STATUS_LABELS[after.status]}` });
    } catch (err) {
      board.upsert(task);
      void board.refreshTask(task.id).catch(() => undefined);
      setOutcome({
        ok: false,
        text: `${task.task_number} stays in ${STATUS_LABELS[task.status]}: ${errorMessage(err)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const move = (task: Task, to: TaskStatus) => {
    const plan = planMove(task, to);
    if (!plan.ok) {
      setOutcome({ ok: false, text: `${task.task_number} stays in ${STATUS_LABELS[task.status]}: ${plan.why}` });
      return;
    }
    if ('needsReason' in plan.action) setAsking({ task, to, action: plan.action });
    else void run(task, to, plan.action);
  };

  const ui = (
    <>
      <p class={`move-outcome${outcome && !outcome.ok ? ' refused' : ''}`} role="status" aria-live="polite">
        {outcome?.text ?? ''}
      </p>
      {asking && (
        <Drawer
          label={`${asking.action.kind === 'reject' ? 'Reject' : 'Block'} ${asking.task.task_number}`}
          onClose={() => setAsking(null)}
        >
          <div class="panel move-reason">
            <h2 class="panel-title">
              {asking.action.kind === 'reject' ? 'Send back' : 'Block'} {asking.task.task_number}: {asking.task.title}
            </h2>
            <ReasonForm
              kind={asking.action.kind === 'reject' ? 'reject' : 'block'}
              busy={busy}
              hint={asking.action.kind === 'reject' ? `Goes back to ${asking.task.assignee ?? 'the board'}` : null}
              onCancel={() => setAsking(null)}
              onSubmit={async (reason) => {
                const a = asking;
                setAsking(null);
                await run(a.task, a.to, a.action, reason);
              }}
            />
          </div>
        </Drawer>
      )}
    </>
  );
  return { move, ui };
}
