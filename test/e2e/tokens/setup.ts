import { cpk, type RunningServer } from '../../helpers/processes.js';

export interface MadeToken {
  id: string;
  agent?: string;
  person?: string;
  token: string;
  created_at: string;
}

/** `cpk server token add` on a data dir, as a real process; the made token. */
export async function addToken(dataDir: string, binding: '--agent' | '--person', name: string): Promise<MadeToken> {
  const res = await cpk(['server', 'token', 'add', binding, name], { env: { CPK_DATA_DIR: dataDir } });
  if (res.code !== 0) throw new Error(`token add failed: ${res.stderr}`);
  return res.json<MadeToken>();
}

export async function revokeToken(dataDir: string, id: string): Promise<void> {
  const res = await cpk(['server', 'token', 'revoke', id], { env: { CPK_DATA_DIR: dataDir } });
  if (res.code !== 0) throw new Error(`token revoke failed: ${res.stderr}`);
}

export interface Answer {
  status: number;
  body: {
    error?: string;
    message?: string;
    details?: { path: string; message: string }[];
    data?: Record<string, unknown> & { task_number?: string; assignee?: string | null; author?: string | null };
  };
}

/** One JSON request with a bearer token (none when `token` is undefined). */
export async function send(
  server: RunningServer,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** `cpk init` of a fresh folder against a server that needs a token. */
export async function initWithToken(
  server: RunningServer,
  cwd: string,
  token: string,
  name: string,
): Promise<{ env: NodeJS.ProcessEnv; projectId: string }> {
  const env = { CPK_URL: server.url, CPK_DATA_DIR: server.dataDir, CPK_TOKEN: token };
  const res = await cpk(['init', '--name', name], { cwd, env });
  if (res.code !== 0) throw new Error(`cpk init failed: ${res.stderr}`);
  return { env, projectId: res.json<{ project_id: string }>().project_id };
}
