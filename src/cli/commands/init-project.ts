import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiClient, Project, Schemas } from '../../client/index.js';
import { CONFIG_DIR, type ProjectConfig } from '../config.js';
import { call } from '../context.js';
import { CliError, EXIT } from '../output.js';

/**
 * How `cpk init` finds its project: the one a config already names (kept: a worktree, a clone or a
 * subfolder never forks the board), the one `--join` names, or a new one. Only a new project, or a
 * folder holding the configured project's own database, registers a path on the server.
 */

export interface Found {
  project: Project;
  created: boolean;
  /** The folder was registered again as its project's own: its config is pointed at this server. */
  reattached?: boolean;
  /** Said on stderr and in the answer: what was done other than asked. */
  notice?: string | undefined;
}

const WAY_OUT =
  'join an existing project with `cpk init --join <project id or name>`, or start a new board here with `cpk init --new`';

/** The project `ref` names: its id, else its exact name, which must be one project's only. */
export async function projectNamed(api: ApiClient, url: string, ref: string): Promise<Project> {
  if (ref.length <= 100) {
    const byId = await reach(api.GET('/api/projects/{id}', { params: { path: { id: ref } } }), url);
    if (byId.data) return byId.data.data;
    if (errorCode(byId) !== 'project_not_found') return failed(byId, url);
  }
  const all = (await call(api.GET('/api/projects'), url)).data;
  const named = all.filter((p) => p.name === ref);
  if (named.length === 1 && named[0]) return named[0];
  if (named.length > 1)
    throw new CliError(
      EXIT.failed,
      'ambiguous_project',
      `${named.length} projects on the server at ${url} are named ${JSON.stringify(ref)}: ${named
        .map((p) => `${p.id} (${p.path ?? 'hosted'})`)
        .join(', ')}; join one by its id: \`cpk init --join <id>\``,
    );
  const known = all
    .slice(0, 10)
    .map((p) => `${p.name} (${p.id})`)
    .join(', ');
  throw new CliError(
    EXIT.failed,
    'project_not_found',
    `No project with id or name ${JSON.stringify(ref)} on the server at ${url}; ${
      all.length === 0 ? 'it has no projects yet' : `its projects: ${known}${all.length > 10 ? ', …' : ''}`
    }`,
  );
}

/**
 * The project `config` names, kept. A server that does not know it (or cannot open it) gets this
 * folder re-attached when the folder holds the project's own database (moved, or the server's registry
 * lost), and never anything else: a folder without it is told how to join or start a board.
 */
export async function configuredProject(
  api: ApiClient,
  url: string,
  config: ProjectConfig,
  configFile: string,
  root: string,
  name: string,
): Promise<Found> {
  const id = config.project_id;
  const res = await reach(api.GET('/api/projects/{id}', { params: { path: { id } } }), url);
  if (res.data) {
    const project = res.data.data;
    // A copy of the project's folder (its own database left behind) joins the board it was copied from.
    const copy = project.path !== null && project.path !== root && existsSync(join(root, CONFIG_DIR, 'data.db'));
    const notice = copy
      ? `${join(root, CONFIG_DIR, 'data.db')} is not used: project ${project.name}'s database is at ${project.path}, and this folder joins that board (\`cpk init --new\` makes the copy a project of its own)`
      : undefined;
    return { project, created: false, notice };
  }
  const code = errorCode(res);
  if (code !== 'project_not_found' && code !== 'project_unavailable') return failed(res, url);
  if (!existsSync(join(root, CONFIG_DIR, 'data.db'))) {
    if (code === 'project_unavailable') return failed(res, url);
    throw new CliError(
      EXIT.failed,
      'project_not_found',
      `${configFile} names project ${id}, which the server at ${url} does not know (another server or data dir?), and this folder holds no database of it: ${WAY_OUT}`,
    );
  }
  try {
    const registered = await call(api.POST('/api/projects', { body: { name, path: root, project_id: id } }), url);
    return { project: registered.data, created: false, reattached: true };
  } catch (err) {
    if (err instanceof CliError && err.code === 'conflict')
      throw new CliError(err.exitCode, err.code, `${err.message}; ${WAY_OUT}`);
    throw err;
  }
}

/**
 * A new project: hosted when asked, else the folder `root`, made hosted by the server when the folder
 * is not on its machine (a probe file tells a folder of another machine at the same path apart).
 */
export async function newProject(
  api: ApiClient,
  url: string,
  root: string,
  name: string,
  hosted: boolean,
): Promise<Found> {
  if (hosted) return created(await reach(api.POST('/api/projects', { body: { name } }), url), url);
  const probe = makeProbe(root);
  let ok = false;
  try {
    const res = await reach(
      api.POST('/api/projects', {
        body: { name, path: root, if_path_missing: 'hosted', ...(probe ? { probe: probe.name } : {}) },
      }),
      url,
    );
    const found = await created(res, url);
    ok = true;
    return found;
  } finally {
    probe?.remove(ok);
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: { status: number };
}

async function created(res: Answer<{ data: Schemas['CreatedProject'] }>, url: string): Promise<Found> {
  const { data } = await call(Promise.resolve(res), url);
  const { notice, ...project } = data;
  return { project, created: res.response.status === 201, notice };
}

/** The answer itself (its status matters here); a server not reached fails as every command's call does. */
async function reach<T>(promise: Promise<T>, url: string): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    await call(Promise.reject(err), url);
    throw err;
  }
}

/** An error answer, thrown as the CLI error it is. */
async function failed(res: Answer<unknown>, url: string): Promise<never> {
  await call(Promise.resolve(res), url);
  throw new CliError(
    EXIT.failed,
    'bad_response',
    `The server at ${url} answered ${res.response.status} without a body`,
  );
}

/** A file in `<root>/.codepakt/` the server must see to take `root` for the caller's folder. */
function makeProbe(root: string): { name: string; remove(keepFolder: boolean): void } | undefined {
  const dir = join(root, CONFIG_DIR);
  const madeDir = !existsSync(dir);
  const name = `.probe-${randomUUID()}`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), '');
  } catch {
    // A folder the CLI cannot write in: the server's own checks say what is wrong with it.
    return undefined;
  }
  return {
    name,
    remove(keepFolder) {
      rmSync(join(dir, name), { force: true });
      if (madeDir && !keepFolder)
        try {
          rmdirSync(dir);
        } catch {
          // not empty: the server wrote in it
        }
    },
  };
}

function errorCode(res: { error?: unknown }): string | undefined {
  return (res.error as { error?: string } | undefined)?.error;
}
