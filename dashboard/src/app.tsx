import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Project, call, errorMessage, makeApi, onUnauthorized } from './api.js';
import { ActivityFeed } from './components/Activity.js';
import { ActivityLog } from './components/ActivityLog.js';
import { AgentsPanel } from './components/Agents.js';
import { FileHolds } from './components/FilesAndVerify.js';
import { Board } from './components/Board.js';
import { CreateTask } from './components/CreateTask.js';
import { ErrorText } from './components/Drawer.js';
import { Graph } from './components/Graph.js';
import { Header, TokenForm } from './components/Header.js';
import { KnowledgeBase } from './components/KnowledgeBase.js';
import { TaskPanel } from './components/TaskPanel.js';
import { AppContext, type Ctx } from './context.js';
import { prefs } from './prefs.js';
import { type Route, readRoute, writeRoute } from './route.js';
import { useObservable } from './state/observable.js';
import { ProjectSession } from './state/session.js';

export function App() {
  const api = useMemo(makeApi, []);
  const [route, setRoute] = useState<Route>(readRoute);
  const routeRef = useRef(route);
  routeRef.current = route;
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [projectsError, setProjectsError] = useState<string | null>(null);
  const [actor, setActor] = useState(prefs.actor());
  const [unauthorized, setUnauthorized] = useState(false);
  const [creating, setCreating] = useState(false);

  const navigate = useCallback((patch: Partial<Route>, push = true) => {
    const next = { ...routeRef.current, ...patch };
    routeRef.current = next;
    writeRoute(next, push);
    setRoute(next);
  }, []);

  useEffect(() => {
    const onPop = () => setRoute(readRoute());
    window.addEventListener('popstate', onPop);
    const off = onUnauthorized(() => setUnauthorized(true));
    return () => {
      window.removeEventListener('popstate', onPop);
      off();
    };
  }, []);

  const loadProjects = useCallback(async () => {
    try {
      const res = await call(api.GET('/api/projects'));
      setProjects(res.data);
      setProjectsError(null);
    } catch (err) {
      setProjectsError(errorMessage(err));
    }
  }, [api]);
  useEffect(() => void loadProjects(), [loadProjects]);

  // The project: from the address, else the last one used here, else the first.
  const projectId = useMemo(() => {
    if (!projects || projects.length === 0) return null;
    const ids = projects.map((p) => p.id);
    if (route.project && ids.includes(route.project)) return route.project;
    const saved = prefs.project();
    return saved && ids.includes(saved) ? saved : (ids[0] ?? null);
  }, [projects, route.project]);
  const missingProject =
    projects && route.project && !projects.some((p) => p.id === route.project) ? route.project : null;

  useEffect(() => {
    if (!projectId) return;
    prefs.setProject(projectId);
    if (route.project !== projectId && !missingProject) navigate({ project: projectId }, false);
    const name = projects?.find((p) => p.id === projectId)?.name;
    document.title = name ? `${name} · codepakt` : 'codepakt';
  }, [projectId]);

  const [session, setSession] = useState<ProjectSession | null>(null);
  useEffect(() => {
    if (!projectId) return;
    const s = new ProjectSession(api, projectId, () => void loadProjects());
    setSession(s);
    void s.start();
    return () => s.close();
  }, [api, projectId]);
  useObservable(session);
  useObservable(session?.live);

  const ctx = useMemo<Ctx | null>(
    () =>
      session && session.projectId === projectId
        ? {
            api,
            session,
            projectId: session.projectId,
            actor,
            openTask: (ref) => navigate({ task: ref }),
            openDoc: (id) => navigate({ view: 'docs', doc: id, task: null }),
          }
        : null,
    [api, session, projectId, actor],
  );

  return (
    <>
      <Header
        projects={projects ?? []}
        projectId={projectId}
        onProject={(id) => navigate({ project: id, task: null, doc: null, q: null })}
        view={route.view}
        onView={(view) => navigate({ view, task: null })}
        connection={session?.live?.state ?? (session ? 'connecting' : null)}
        actor={actor}
        onActor={(name) => {
          prefs.setActor(name);
          setActor(prefs.actor());
        }}
        onNewTask={ctx ? () => setCreating(true) : null}
      />
      {unauthorized && <TokenForm />}
      <ErrorText error={projectsError} />
      {missingProject && (
        <p class="banner" role="alert">
          Project {missingProject} is not on this server; showing another one.
        </p>
      )}
      {projects && projects.length === 0 && (
        <main class="empty-state">
          <h1>No projects yet</h1>
          <p>
            Run <code>cpk init</code> in a project folder to register it with this server.
          </p>
        </main>
      )}
      {ctx && (
        <AppContext.Provider value={ctx}>
          <main class={`layout view-${route.view}`}>
            <div class="content">
              {route.view === 'board' && <Board />}
              {route.view === 'graph' && <Graph />}
              {route.view === 'docs' && (
                <KnowledgeBase
                  docId={route.doc}
                  query={route.q ?? ''}
                  onQuery={(q) => navigate({ q: q || null }, false)}
                />
              )}
              {route.view === 'activity' && <ActivityLog />}
            </div>
            {route.view !== 'docs' && (
              <aside class="sidebar">
                <AgentsPanel />
                <FileHolds />
                {route.view !== 'activity' && <ActivityFeed limit={15} title="Latest activity" />}
              </aside>
            )}
          </main>
          {route.task && <TaskPanel key={route.task} taskRef={route.task} onClose={() => navigate({ task: null })} />}
          {creating && <CreateTask onClose={() => setCreating(false)} />}
        </AppContext.Provider>
      )}
    </>
  );
}
