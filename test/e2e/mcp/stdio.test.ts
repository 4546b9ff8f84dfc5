import { describe, expect, it } from 'vitest';
import { httpClient, stdioClient } from '../../helpers/mcp.js';
import { cpk, freePort, initProject, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

useServer(async (s) => {
  server = s;
  project = await initProject(s, 'mcp-stdio');
});

const spawnAs = (agent?: string, env: NodeJS.ProcessEnv = {}) =>
  stdioClient(project.cwd, { ...project.env, ...env }, agent ? ['--agent', agent] : []);

describe('cpk mcp (stdio)', () => {
  it("offers the server's tools, the same schemas byte for byte, and the code tool", async () => {
    const [stdio, http] = await Promise.all([spawnAs('lister'), httpClient(server, { project_id: project.projectId })]);
    const [local, remote] = await Promise.all([stdio.client.listTools(), http.client.listTools()]);
    const bytes = Buffer.byteLength(JSON.stringify(local));
    console.log(`MCP tools/list (stdio): ${bytes} bytes, ~${Math.ceil(bytes / 4)} tokens (bytes/4)`);
    expect(local.tools.length).toBeLessThanOrEqual(8);
    // Plus the code tool, answered from this checkout (test/e2e/mcp/code.test.ts).
    expect(local.tools.map((t) => t.name)).toEqual([...remote.tools.map((t) => t.name), 'code']);
    expect(JSON.stringify(local.tools.slice(0, -1))).toBe(JSON.stringify(remote.tools));
    expect(stdio.client.getServerVersion()).toMatchObject({ name: 'codepakt' });
    expect(stdio.client.getInstructions()).toContain('pickup');
    await Promise.all([stdio.close(), http.close()]);
  });

  it('runs the agent loop through the server: add, pickup, note, done', async () => {
    const mcp = await spawnAs('stdio-agent');
    const { value } = await mcp.call('add', { title: 'Over stdio', acceptance_criteria: ['works'] });
    const number = value.task_number as string;
    const picked = await mcp.call('pickup', { task_id: number, lease_seconds: 600 });
    expect(picked.value).toMatchObject({
      task_number: number,
      assignee: 'stdio-agent',
      acceptance_criteria: ['works'],
    });
    expect((await mcp.call('note', { id: number, text: 'progress' })).isError).toBe(false);
    expect((await mcp.call('done', { id: number, notes: 'all green' })).value).toMatchObject({ status: 'review' });
    await mcp.close();
    const shown = await cpk(['task', 'show', number], project);
    expect(shown.json()).toMatchObject({ status: 'review', assignee: 'stdio-agent' });
    expect(shown.stdout).toContain('progress');
    expect(mcp.stderr()).toBe('');
  });

  it('answers failures as tool errors with the API code, naming the tool field', async () => {
    const mcp = await spawnAs('stdio-erring');
    expect(await mcp.call('done', { id: 'T-999' })).toMatchObject({
      isError: true,
      value: { error: 'task_not_found' },
    });
    const empty = await mcp.call<{ error: string; details: { path: string }[] }>('note', {
      id: 'T-001',
      text: '',
      block: true,
    });
    expect(empty).toMatchObject({ isError: true, value: { error: 'validation_error' } });
    expect(empty.value.details.map((d) => d.path)).toEqual(['text']);
    const unknown = await mcp.call('pickup', { agent: 'someone' });
    expect(unknown).toMatchObject({
      isError: true,
      value: { error: 'validation_error', details: [{ path: 'agent' }] },
    });
    await mcp.close();
  });

  it('says how to name the agent when none is given', async () => {
    const mcp = await spawnAs(undefined);
    const answer = await mcp.call<{ message: string }>('pickup');
    expect(answer).toMatchObject({ isError: true, value: { error: 'validation_error' } });
    expect(answer.value.message).toContain('--agent NAME');
    await mcp.close();
    // CPK_AGENT names it as for every other command.
    const byEnv = await spawnAs(undefined, { CPK_AGENT: 'env-agent' });
    const { value } = await byEnv.call('add', { title: 'By env' });
    expect((await byEnv.call('pickup', { task_id: value.task_number as string })).value).toMatchObject({
      assignee: 'env-agent',
    });
    await byEnv.close();
  });

  it('shares one task between a stdio and an HTTP client racing for it: exactly one wins', async () => {
    const [stdio, http] = await Promise.all([
      spawnAs('stdio-racer'),
      httpClient(server, { project_id: project.projectId, agent: 'http-racer' }),
    ]);
    for (let round = 0; round < 5; round++) {
      const { value } = await http.call('add', { title: `Mixed race ${round}` });
      const number = value.task_number as string;
      const answers = await Promise.all([
        stdio.call('pickup', { task_id: number }),
        http.call('pickup', { task_id: number }),
      ]);
      expect(
        answers.filter((a) => !a.isError),
        JSON.stringify(answers.map((a) => a.text)),
      ).toHaveLength(1);
      expect(answers.find((a) => a.isError)?.value.error).toBe('conflict');
    }
    await Promise.all([stdio.close(), http.close()]);
  });

  it('reports an unreachable server as a tool error, and a folder without a project before speaking MCP', async () => {
    const port = await freePort();
    const mcp = await spawnAs('lonely', { CPK_URL: `http://127.0.0.1:${port}` });
    const answer = await mcp.call<{ message: string }>('tasks');
    expect(answer).toMatchObject({ isError: true, value: { error: 'server_unreachable' } });
    await mcp.close();
    const outside = await cpk(['mcp'], { cwd: tempDir('cpk-mcp-none-'), env: { CPK_URL: server.url } });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toBe('');
    expect(outside.error()).toMatchObject({ error: 'no_project' });
  });
});
