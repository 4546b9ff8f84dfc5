import { createClient, type ApiClient, type ApiErrorCode } from '../client/index.js';
import { createLightFetch, DEFAULT_SILENCE_MS, LightRequest, UnreachableError } from '../client/node-transport.js';
import { findConfigFile, readConfig, type ProjectConfig } from './config.js';
import { installLightGlobals } from './light-globals.js';
import { CliError, EXIT, type Io } from './output.js';
import { liveServerInfo } from './server-info.js';
import { dataDir } from '../shared/data-dir.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../shared/defaults.js';

export interface Runtime {
  cwd: string;
  env: NodeJS.ProcessEnv;
  io: Io;
}

export function serverUrl(rt: Runtime, config?: ProjectConfig): string {
  if (rt.env.CPK_URL) return checkedUrl(rt.env.CPK_URL.replace(/\/+$/, ''), 'CPK_URL');
  if (config) return checkedUrl(config.url.replace(/\/+$/, ''), 'the url in .codepakt/config.json');
  if (!rt.env.CPK_PORT) {
    const local = localServerUrl(rt.env);
    if (local) return local;
  }
  return checkedUrl(`http://${DEFAULT_HOST}:${rt.env.CPK_PORT || DEFAULT_PORT}`, 'CPK_PORT');
}

/** Where the server of this data dir runs, from the server.json it writes, while its process lives. */
export function localServerUrl(env: NodeJS.ProcessEnv): string | undefined {
  return liveServerInfo(dataDir(env))?.url.replace(/\/+$/, '');
}

/** The environment of the calls this process makes, for hints in their errors. */
let callEnv: NodeJS.ProcessEnv = process.env;

/** Said when `url` cannot be reached: where the local server really runs, if elsewhere. */
function unreachableHint(url: string): string {
  const local = localServerUrl(callEnv);
  const start = 'Start it with `cpk server start` or set CPK_URL';
  if (local && local !== url)
    return `; the server of data dir ${dataDir(callEnv)} runs at ${local} (\`cpk config set url ${local}\` points this project there). ${start}`;
  return `. ${start}`;
}

/** A usage error naming where a bad server address came from, instead of a bare "Invalid URL" later. */
function checkedUrl(url: string, source: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new CliError(
      EXIT.usage,
      'invalid_url',
      `${source} gives ${JSON.stringify(url)}, which is not an http:// or https:// address with a valid port`,
    );
  }
  return url;
}

/** How long the server may stay silent before a call fails: CPK_TIMEOUT seconds, default 30. */
export function silenceMs(rt: Runtime): number {
  const seconds = Number(rt.env.CPK_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_SILENCE_MS;
}

/** `silence`: how long the server may stay silent (a long-polling pickup adds its wait). */
export function client(rt: Runtime, url: string, silence = silenceMs(rt)): ApiClient {
  // Only processes that talk to a server get the light globals; a foreground server keeps Node's.
  installLightGlobals();
  callEnv = rt.env;
  return createClient(url, {
    fetch: createLightFetch(silence),
    Request: LightRequest,
    token: rt.env.CPK_TOKEN || undefined,
  });
}

/** The project this directory belongs to, with a client pointed at its server. */
export function projectContext(
  rt: Runtime,
  silence = silenceMs(rt),
): { config: ProjectConfig; configFile: string; url: string; api: ApiClient; projectId: string } {
  const configFile = requireConfigFile(rt);
  const config = readConfig(configFile);
  const url = serverUrl(rt, config);
  return { config, configFile, url, api: client(rt, url, silence), projectId: config.project_id };
}

/** The nearest `.codepakt/config.json`, or an error saying to run `cpk init`. */
export function requireConfigFile(rt: Runtime): string {
  const configFile = findConfigFile(rt.cwd);
  if (!configFile) {
    throw new CliError(
      EXIT.failed,
      'no_project',
      `No .codepakt/config.json in ${rt.cwd} or any parent: run \`cpk init\` in the project folder first`,
    );
  }
  return configFile;
}

/** `--agent`, else a non-empty CPK_AGENT, else undefined (the server then records "human"). */
export function optionalAgent(rt: Runtime, flag: string | undefined): string | undefined {
  return flag ?? (rt.env.CPK_AGENT || undefined);
}

/** `--agent`, else CPK_AGENT, else an error naming both. */
export function requireAgent(rt: Runtime, flag: string | undefined): string {
  const agent = optionalAgent(rt, flag);
  if (!agent)
    throw new CliError(
      EXIT.usage,
      'agent_required',
      'This command needs an agent name: pass --agent <name> or set CPK_AGENT',
    );
  return agent;
}

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: { status: number };
}

/** Unwrap a typed-client call: the `data` of a success, or a CliError carrying the server's envelope. */
export async function call<T>(promise: Promise<ApiResult<T>>, url: string): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await promise;
  } catch (err) {
    if (err instanceof UnreachableError) {
      throw new CliError(
        EXIT.unreachable,
        'server_unreachable',
        `${err.message}${unreachableHint(err.url.replace(/\/+$/, ''))}`,
      );
    }
    // Something else answers on that port (a web page, a proxy): its reply is not our JSON.
    if (err instanceof SyntaxError) throw notCodepakt(url, err.message);
    throw err;
  }
  if (result.error !== undefined || result.response.status >= 400) {
    const body = (result.error ?? {}) as { error?: ApiErrorCode; message?: string; details?: unknown };
    const code = body.error;
    // A server shutting down, or one that cannot reach its database, is for the caller a server it
    // cannot use now: retry later (exit 3), not a refusal of what it asked.
    const unusable = code === 'shutting_down' || code === 'storage_unavailable';
    const exit = code === 'no_tasks_available' ? EXIT.nothing_to_pick_up : unusable ? EXIT.unreachable : EXIT.failed;
    if (code === 'storage_unavailable' && body.message)
      body.message = `The server at ${url} cannot reach its storage now; nothing to fix on your side, retry shortly (${body.message})`;
    if (code === 'project_not_found' && body.message)
      body.message += `: the server at ${url} does not know this project (another data dir?). \`cpk init\` in the project folder re-attaches it, keeping its board`;
    throw new CliError(
      exit,
      code ?? `http_${result.response.status}`,
      body.message ??
        `Server at ${url} answered ${result.response.status}, without codepakt's error envelope (is CPK_URL pointing at codepakt?)`,
      body.details,
    );
  }
  if (result.data === undefined) throw notCodepakt(url, `an empty ${result.response.status} reply`);
  return result.data as T;
}

function notCodepakt(url: string, what: string): CliError {
  return new CliError(
    EXIT.failed,
    'bad_response',
    `The server at ${url} did not answer with the codepakt API (${what}); is CPK_URL pointing at codepakt?`,
  );
}
