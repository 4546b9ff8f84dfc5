/** Settings a person makes once, kept in this browser. */
const KEYS = { theme: 'cpk.theme', actor: 'cpk.actor', project: 'cpk.project', token: 'cpk.token', doneOpen: 'cpk.doneOpen' } as const;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null || value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); the setting then lasts for this page only.
  }
}

export type Theme = 'light' | 'dark';

export const prefs = {
  theme: (): Theme | null => {
    const t = read(KEYS.theme);
    return t === 'light' || t === 'dark' ? t : null;
  },
  setTheme: (t: Theme) => write(KEYS.theme, t),
  /** Who the person acts as: "human" unless they set a name. */
  actor: (): string => read(KEYS.actor)?.trim() || 'human',
  setActor: (name: string) => write(KEYS.actor, name.trim() === 'human' ? null : name.trim()),
  project: () => read(KEYS.project),
  setProject: (id: string) => write(KEYS.project, id),
  token: () => read(KEYS.token) ?? '',
  setToken: (t: string) => write(KEYS.token, t.trim()),
  doneOpen: () => read(KEYS.doneOpen) !== '0',
  setDoneOpen: (open: boolean) => write(KEYS.doneOpen, open ? null : '0'),
};
