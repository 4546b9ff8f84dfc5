import { useApp } from '../context.js';
import { Drawer } from './Drawer.js';
import { TaskForm } from './TaskForm.js';

/** The create-task drawer: the task form, then the new task's panel. */
export function CreateTask({ onClose }: { onClose: () => void }) {
  const { session, openTask } = useApp();
  return (
    <Drawer label="New task" onClose={onClose}>
      <div class="panel">
        <header class="panel-head">
          <div class="panel-title-row">
            <h2 class="panel-title">New task</h2>
            <button type="button" class="icon-button close" aria-label="Close" onClick={onClose}>
              ✕
            </button>
          </div>
        </header>
        <div class="panel-body">
          <TaskForm
            onCancel={onClose}
            onSaved={(t) => {
              session.board.upsert(t);
              onClose();
              openTask(t.task_number);
            }}
          />
        </div>
      </div>
    </Drawer>
  );
}
