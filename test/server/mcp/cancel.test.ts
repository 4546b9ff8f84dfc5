import { beforeEach, describe, expect, it } from 'vitest';
import { httpClient, MCP_HEADERS, mcpUrl, stdioClient } from '../../helpers/mcp.js';
import { cpk, initProject, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';

/** `notifications/cancelled` over stateless Streamable HTTP, against a real server process. */

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

useServer((s) => {
  server = s;
});

/** Each test on a board of its own: a task one leaves open is not another's to claim. */
beforeEach(async () => {
  project = await initProject(server, 'mcp-cancel');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One JSON-RPC message POSTed to /mcp as `agent`: the status, content type and body text. */
async function post(agent: string, message: Record<string, unknown>) {
  const res = await fetch(mcpUrl(server, { project_id: project.projectId, agent }), {
    method: 'POST',
    headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const pickup = (id: string | number, args: Record<string, unknown>) => ({
  id,
  method: 'tools/call',
  params: { name: 'pickup', arguments: args },
});
const cancel = (requestId: string | number) => ({
  method: 'notifications/cancelled',
  params: { requestId, reason: 'no longer needed' },
});

async function addTask(title: string): Promise<string> {
  const res = await cpk(['task', 'add', '--title', title], project);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ task_number: string }>().task_number;
}

async function task(number: string): Promise<{ status: string; assignee?: string | null }> {
  const res = await cpk(['task', 'show', number], project);
  expect(res.code, res.stderr).toBe(0);
  return res.json();
}

describe('MCP cancellation', () => {
  it('a cancelled waiting pickup stops waiting at once, its POST closed with no response, and claims nothing later', async () => {
    const started = Date.now();
    const waiting = post('ann', pickup('w-1', { wait: 30 }));
    await sleep(500);
    expect((await post('ann', cancel('w-1'))).status).toBe(202);
    const answer = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    // An event stream that ends without a message: the cancelled request gets no result.
    expect(answer).toEqual({ status: 200, type: 'text/event-stream', text: '' });
    // Had the wait gone on, this task would be ann's now.
    const number = await addTask('after the cancel');
    await sleep(1_000);
    expect(await task(number)).toMatchObject({ status: 'open' });
  }, 30_000);

  it("only the caller that sent a call can cancel it: another agent's cancellation changes nothing", async () => {
    const started = Date.now();
    const waiting = post('bea', pickup(7, { wait: 2 }));
    await sleep(300);
    expect((await post('cal', cancel(7))).status).toBe(202);
    const answer = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(answer.status).toBe(200);
    const { result } = JSON.parse(answer.text) as { result: { isError: boolean; content: { text: string }[] } };
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('no_tasks_available');
  }, 30_000);

  it('a cancellation that arrives first means the call is never run; one for a call already answered undoes nothing', async () => {
    const number = await addTask('claimable');
    expect((await post('dan', cancel('early'))).status).toBe(202);
    expect(await post('dan', pickup('early', {}))).toEqual({ status: 200, type: 'text/event-stream', text: '' });
    expect(await task(number)).toMatchObject({ status: 'open' });
    // Answered in full, then cancelled: the claim stands.
    const claimed = await post('dan', pickup('late', {}));
    expect(claimed.status).toBe(200);
    expect(claimed.text).toContain(number);
    expect((await post('dan', cancel('late'))).status).toBe(202);
    expect(await task(number)).toMatchObject({ status: 'in-progress', assignee: 'dan' });
  }, 30_000);

  it("the SDK's own client: aborting callTool cancels it, and the server's pickup no longer waits", async () => {
    const mcp = await httpClient(server, { project_id: project.projectId, agent: 'eve' });
    try {
      const controller = new AbortController();
      const call = mcp.client.callTool({ name: 'pickup', arguments: { wait: 30 } }, undefined, {
        signal: controller.signal,
        timeout: 60_000,
      });
      await sleep(500);
      controller.abort('stop');
      await expect(call).rejects.toBeDefined();
      await sleep(300);
      const number = await addTask('after the SDK cancel');
      await sleep(1_000);
      expect(await task(number)).toMatchObject({ status: 'open' });
      // The connection goes on serving calls.
      expect((await mcp.call('tasks', { id: number })).value).toMatchObject({ task_number: number });
    } finally {
      await mcp.close();
    }
  }, 30_000);

  it('cpk mcp (stdio): aborting a waiting pickup ends its API request, so nothing is claimed later', async () => {
    const mcp = await stdioClient(project.cwd, { ...project.env, CPK_AGENT: 'fay' });
    try {
      const controller = new AbortController();
      const call = mcp.client.callTool({ name: 'pickup', arguments: { wait: 30 } }, undefined, {
        signal: controller.signal,
        timeout: 60_000,
      });
      await sleep(800);
      controller.abort('stop');
      await expect(call).rejects.toBeDefined();
      await sleep(300);
      const number = await addTask('after the stdio cancel');
      await sleep(1_000);
      expect(await task(number), mcp.stderr()).toMatchObject({ status: 'open' });
    } finally {
      await mcp.close();
    }
  }, 30_000);
});
