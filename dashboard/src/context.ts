import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api.js';
import type { ProjectSession } from './state/session.js';

export interface Ctx {
  api: ApiClient;
  session: ProjectSession;
  projectId: string;
  /** The name human actions are recorded under. */
  actor: string;
  openTask(ref: string): void;
  openDoc(id: string): void;
}

export const AppContext = createContext<Ctx | null>(null);

export function useApp(): Ctx {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside a project');
  return ctx;
}
