import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';

/**
 * /mcp over the test app, in-process: what runs here runs on every store (vitest.postgres.config.ts
 * runs this file over PostgreSQL), the real-server suites beside it covering transport and guards.
 */
let t: TestApp;
let projectId: string;

beforeAll(async () => {
  t = createTestApp();
  projectId = (await t.project('mcp-in-process')).id;
});
afterAll(() => {
  t.close();
  removeTempDirs();
});

async function connect(agent: string) {
  const client = new Client({ name: 'in-process', version: '1.0.0' });
  const url = new URL(`http://localhost/mcp?project_id=${projectId}&agent=${agent}`);
  const fetch = (input: string | URL | Request, init?: RequestInit) => Promise.resolve(t.app.request(input, init));
  await client.connect(new StreamableHTTPClientTransport(url, { fetch }));
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    return { isError: result.isError === true, value: JSON.parse(text) as Record<string, unknown> };
  };
  return { client, call };
}

describe('MCP tools on the store (in-process)', () => {
  it('runs the loop and records it: pickup, note, done', async () => {
    const a = await connect('store-agent');
    const { value } = await a.call('add', { title: 'On every store', depends_on: [] });
    const number = value.task_number as string;
    expect((await a.call('pickup')).value).toMatchObject({ task_number: number, assignee: 'store-agent' });
    expect((await a.call('note', { id: number, text: 'noted' })).isError).toBe(false);
    expect((await a.call('done', { id: number })).value).toMatchObject({ status: 'review' });
    const task = await t.api.GET('/api/tasks/{id}', {
      params: { path: { id: number }, query: { project_id: projectId } },
    });
    expect(task.data?.data.notes.map((n) => n.text)).toEqual(['noted']);
    await a.client.close();
  });

  it('gives a task to one of two racing clients, and refuses a dependency that does not exist', async () => {
    const [a, b] = await Promise.all([connect('in-a'), connect('in-b')]);
    const { value } = await a.call('add', { title: 'Contested' });
    const number = value.task_number as string;
    const answers = await Promise.all([a.call('pickup', { task_id: number }), b.call('pickup', { task_id: number })]);
    expect(answers.filter((x) => !x.isError)).toHaveLength(1);
    expect(answers.find((x) => x.isError)?.value.error).toBe('conflict');
    const bad = await a.call('add', { title: 'Needs a ghost', depends_on: ['T-404'] });
    expect(bad).toMatchObject({ isError: true, value: { error: 'validation_error' } });
    await Promise.all([a.client.close(), b.client.close()]);
  });
});
