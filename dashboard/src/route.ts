/** What the address bar remembers: project, view, open task or doc. Shareable and survives reload. */
export type View = 'board' | 'graph' | 'docs' | 'activity';
export const VIEWS: View[] = ['board', 'graph', 'docs', 'activity'];

export interface Route {
  project: string | null;
  view: View;
  task: string | null;
  doc: string | null;
  q: string | null;
}

export function readRoute(): Route {
  const p = new URLSearchParams(window.location.search);
  const view = p.get('view');
  return {
    project: p.get('project'),
    view: VIEWS.includes(view as View) ? (view as View) : 'board',
    task: p.get('task'),
    doc: p.get('doc'),
    q: p.get('q'),
  };
}

export function routeUrl(r: Route): string {
  const p = new URLSearchParams();
  if (r.project) p.set('project', r.project);
  if (r.view !== 'board') p.set('view', r.view);
  if (r.task) p.set('task', r.task);
  if (r.doc) p.set('doc', r.doc);
  if (r.q) p.set('q', r.q);
  const qs = p.toString();
  return `${window.location.pathname}${qs ? `?${qs}` : ''}`;
}

export function writeRoute(r: Route, push: boolean): void {
  const url = routeUrl(r);
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}
