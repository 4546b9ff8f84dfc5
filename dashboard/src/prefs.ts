/** Settings a person makes once, kept in this browser. */
const KEYS = {
  theme: 'cpk.theme',
  actor: 'cpk.actor',
  project: 'cpk.project',
  token: 'cpk.token',
  doneOpen: 'cpk.doneOpen',
  blockedOpen: 'cpk.blockedOpen',
} as const;

type Where = 'local' | 'session';

function storage(where: Where): Storage {
  return where === 'session' ? sessionStorage : localStorage;
}

function read(key: string, where: Where = 'local'): string | null {
  try {
    return storage(where).getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null, where: Where = 'local'): void {
  try {
    if (value === null || value === '') storage(where).removeItem(key);
    else storage(where).setItem(key, value);
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
  // The token is a secret: kept for this browser session only.
  token: () => read(KEYS.token, 'session') ?? '',
  setToken: (t: string) => write(KEYS.token, t.trim(), 'session'),
  doneOpen: () => read(KEYS.doneOpen) !== '0',
  setDoneOpen: (open: boolean) => write(KEYS.doneOpen, open ? null : '0'),
  /** The Blocked band: open unless closed here, and closed at first on a phone, where it would push the board down. */
  blockedOpen: (): boolean => {
    const v = read(KEYS.blockedOpen);
    return v === null ? !window.matchMedia?.('(max-width: 700px)').matches : v === '1';
  },
  setBlockedOpen: (open: boolean) => write(KEYS.blockedOpen, open ? '1' : '0'),
};
