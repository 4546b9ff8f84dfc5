import type { Clock } from '../core/clock.js';
import type { LiveFeeds } from '../core/live-feed.js';
import type { ProjectCatalog } from '../core/ports.js';
import type { ProjectScope } from './middleware/project.js';
import type { TokenBook } from './tokens/book.js';

/** What the routes are built over; the catalog's implementation is picked by the composition root (main.ts). */
export interface AppDeps {
  /** The projects: only the /api/projects routes use it; the others get their store from `c.var`. */
  catalog: ProjectCatalog;
  /** Live delivery of each project's log to event streams and waiting pickups. */
  feeds: LiveFeeds;
  /** The middleware of every project-scoped route: opens `?project_id=`'s store into `c.var.store`. */
  openProject: ProjectScope;
  clock: Clock;
  startedAt: Date;
  /** Folder with the built dashboard (index.html, app.js); the page is a placeholder without it. */
  dashboardDir?: string | undefined;
  /** Path of Scalar's standalone script, served at /reference/scalar.js. */
  scalarScript?: string | undefined;
  /** The server's own bearer token (`--token` / `CPK_TOKEN`): accepted on every /api request, acting as anyone. */
  token?: string | undefined;
  /** The data dir's token file, seen live: once it holds a token, every /api request needs a token. */
  tokens?: TokenBook | undefined;
  /** Every /api request needs a token even while the server has none (a server other machines can reach). */
  requireToken?: boolean | undefined;
  /** Extra host names (besides loopback and the bound host) that requests may address. */
  allowedHosts?: string[] | undefined;
  /** Signals long-polls and streams to end when the server shuts down. */
  shutdown?: AbortSignal | undefined;
}

/** What createApp is given: the live feeds and the project middleware are built over the catalog. */
export type AppInput = Omit<AppDeps, 'feeds' | 'openProject'> & { feeds?: LiveFeeds | undefined };
