import { useEffect, useRef, useState } from 'preact/hooks';
import type { Project } from '../api.js';
import { prefs } from '../prefs.js';
import { VIEWS, type View } from '../route.js';
import type { ConnectionState } from '../state/live.js';
import { toggleTheme } from '../theme.js';

const VIEW_LABELS: Record<View, string> = {
  board: 'Board',
  graph: 'Graph',
  docs: 'Knowledge base',
  activity: 'Activity',
};
/** On a phone the header keeps one line: shorter names where the full one is long. */
const SHORT_LABELS: Partial<Record<View, string>> = { docs: 'Docs' };

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token needed',
  stopped: 'Offline',
};

export function Header(props: {
  projects: Project[];
  projectId: string | null;
  onProject: (id: string) => void;
  view: View;
  onView: (v: View) => void;
  connection: ConnectionState | null;
  actor: string;
  onActor: (name: string) => void;
  onNewTask: (() => void) | null;
}) {
  const [editingName, setEditingName] = useState(false);
  const [name, setName] = useState(props.actor);
  return (
    <header class="app-header">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <span>codepakt</span>
      </div>
      {props.projects.length > 0 && (
        <label class="project-switcher">
          <span class="visually-hidden">Project</span>
          <select
            aria-label="Project"
            value={props.projectId ?? ''}
            onChange={(e) => props.onProject(e.currentTarget.value)}
          >
            {props.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <nav class="tabs" aria-label="Views">
        {VIEWS.map((v) => (
          <a
            key={v}
            href={`?view=${v}`}
            class={`tab${props.view === v ? ' active' : ''}`}
            aria-current={props.view === v ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              props.onView(v);
            }}
          >
            {SHORT_LABELS[v] ? (
              <>
                <span class="view-label-long">{VIEW_LABELS[v]}</span>
                <span class="view-label-short">{SHORT_LABELS[v]}</span>
              </>
            ) : (
              VIEW_LABELS[v]
            )}
          </a>
        ))}
      </nav>
      <div class="header-tools">
        {props.connection && (
          <span
            class={`connection connection-${props.connection}`}
            data-connection={props.connection}
            role="status"
            aria-live="polite"
          >
            <span class="dot" aria-hidden="true" />
            <span class="connection-text">{CONNECTION_TEXT[props.connection]}</span>
          </span>
        )}
        {props.onNewTask && (
          <button type="button" class="primary new-task" onClick={props.onNewTask}>
            <span aria-hidden="true">+</span>
            <span class="view-label-long"> New task</span>
            <span class="visually-hidden view-label-short">New task</span>
          </button>
        )}
        {editingName ? (
          <form
            class="actor-form"
            onSubmit={(e) => {
              e.preventDefault();
              props.onActor(name.trim() || 'human');
              setEditingName(false);
            }}
          >
            <NameInput value={name} onInput={setName} />
            <button type="submit" class="small">
              Save
            </button>
          </form>
        ) : (
          <button
            type="button"
            class="link-button actor"
            title="The name your actions are recorded under"
            onClick={() => setEditingName(true)}
          >
            <span class="actor-icon" aria-hidden="true">
              ☺
            </span>
            <span class="actor-text">
              as <strong>{props.actor}</strong>
            </span>
          </button>
        )}
        <button
          type="button"
          class="icon-button theme-toggle"
          aria-label="Toggle light or dark theme"
          onClick={toggleTheme}
        >
          ◐
        </button>
        <a class="ref-link" href="/reference">
          API reference
        </a>
      </div>
    </header>
  );
}

/** Shown when the server wants a bearer token: stored in this browser and sent with every call. */
export function TokenForm() {
  const [token, setToken] = useState(prefs.token());
  return (
    <form
      class="token-form banner"
      onSubmit={(e) => {
        e.preventDefault();
        prefs.setToken(token);
        window.location.reload();
      }}
    >
      <label>
        <span>This server needs a token (the value of CPK_TOKEN):</span>
        <input type="password" autoComplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit">Use token</button>
    </form>
  );
}

/** The name field, focused when it opens (the person just asked to edit it). */
function NameInput({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <input
      ref={ref}
      aria-label="Your name"
      value={value}
      maxLength={100}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}
