import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { httpClient, initializeBody, MCP_HEADERS } from '../../helpers/mcp.js';
import type { RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';
import { addToken, initWithToken, type MadeToken, send } from '../../e2e/tokens/setup.js';

const SHARED = 'mcp-shared-token';
const dataDir = tempDir('cpk-mcp-sec-');
let server: RunningServer;
let projectId: string;
let alice: MadeToken;

useServer(
  async (s) => {
    server = s;
    projectId = (await initWithToken(s, tempDir('cpk-mcp-sec-proj-'), SHARED, 'mcp-sec')).projectId;
    alice = await addToken(dataDir, '--agent', 'alice');
  },
  { dataDir, args: ['--token', SHARED] },
);

/** An MCP initialize POSTed with these headers; the status and the body. */
async function post(headers: Record<string, string>, query = `?project_id=${projectId}`) {
  const res = await fetch(`${server.url}/mcp${query}`, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: initializeBody(),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
}

describe('/mcp behind the same guards as /api', () => {
  it('needs a token when the server has one: none, or a wrong one, is 401', async () => {
    expect(await post({})).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await post({ authorization: 'Bearer wrong' })).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    await expect(httpClient(server, { project_id: projectId })).rejects.toThrow();
    expect((await post({ authorization: `Bearer ${SHARED}` })).status).toBe(200);
  });

  it('refuses a foreign Origin (403) and a Host that is not this server (403)', async () => {
    const auth = { authorization: `Bearer ${SHARED}` };
    expect(await post({ ...auth, origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    // fetch will not send another Host: a raw request does.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = initializeBody();
      const req = request(
        `${server.url}/mcp?project_id=${projectId}`,
        {
          method: 'POST',
          headers: { ...MCP_HEADERS, ...auth, host: 'rebound.example', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'forbidden' });
  });

  it('acts as the agent a bound token names, and refuses that token acting as another', async () => {
    const mcp = await httpClient(server, { project_id: projectId }, alice.token);
    const { value } = await mcp.call('add', { title: 'Bound over MCP' });
    const picked = await mcp.call('pickup', { task_id: value.task_number as string });
    expect(picked.value).toMatchObject({ assignee: 'alice' });
    const doc = await mcp.call('write_doc', { type: 'learning', title: 'Bound doc', body: 'x' });
    const read = await send(server, SHARED, 'GET', `/api/docs/${doc.value.id}?project_id=${projectId}`);
    expect(read.body.data?.author).toBe('alice');
    await mcp.close();
    expect(await post({ authorization: `Bearer ${alice.token}` }, `?project_id=${projectId}&agent=bob`)).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    const same = await httpClient(server, { project_id: projectId, agent: 'alice' }, alice.token);
    expect((await same.call('tasks', { assignee: 'alice' })).isError).toBe(false);
    await same.close();
  });

  it('refuses a body over its limit with 413', async () => {
    const res = await fetch(`${server.url}/mcp?project_id=${projectId}`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${SHARED}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(1024 * 1024 + 1) } }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });
});
