import { type Theme, prefs } from './prefs.js';

/** The theme in effect: the saved choice, else the system's preference. */
export function currentTheme(): Theme {
  return prefs.theme() ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function applyTheme(): void {
  const saved = prefs.theme();
  if (saved) document.documentElement.dataset.theme = saved;
  else delete document.documentElement.dataset.theme;
}

export function toggleTheme(): void {
  prefs.setTheme(currentTheme() === 'dark' ? 'light' : 'dark');
  applyTheme();
}
