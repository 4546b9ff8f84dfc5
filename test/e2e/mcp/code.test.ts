import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdioClient } from '../../helpers/mcp.js';
import { cpk, initProject, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

useServer(async (s) => {
  server = s;
  project = await initProject(s, 'mcp-code');
});

/** A small repository, indexed by the real `cpk scan`: src/app.ts imports src/auth/token.ts's issueToken. */
async function scanRepo(root: string): Promise<void> {
  mkdirSync(join(root, 'src/auth'), { recursive: true });
  writeFileSync(
    join(root, 'src/auth/token.ts'),
    'export function issueToken(user: string): string {\n  return user;\n}\n',
  );
  writeFileSync(
    join(root, 'src/app.ts'),
    "import { issueToken } from './auth/token.js';\n\nexport function startApp(): string {\n  return issueToken('a');\n}\n",
  );
  const scan = await cpk(['scan'], { cwd: root, env: project.env });
  expect(scan.code, scan.stderr).toBe(0);
}

describe('cpk mcp: the code tool, from the checkout’s own index', () => {
  it('is listed by cpk mcp (not by the server) and keeps the whole list under 1,500 tokens', async () => {
    const mcp = await stdioClient(project.cwd, project.env, ['--agent', 'coder']);
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['pickup', 'note', 'done', 'tasks', 'add', 'docs', 'write_doc', 'code']);
    const text = JSON.stringify({ tools });
    const bytes = Buffer.byteLength(text);
    // bytes / 4, the estimate the budget is held to; and the pessimistic count of test/server/mcp/http.test.ts
    // (every word and every punctuation character a token), printed for comparison.
    const pessimistic = (text.match(/[A-Za-z0-9]+|[^\sA-Za-z0-9]/g) ?? []).length;
    console.log(
      `MCP tools/list (stdio, with code): ${bytes} bytes, ~${Math.ceil(bytes / 4)} tokens (bytes/4), ${pessimistic} words and punctuation`,
    );
    expect(Math.ceil(bytes / 4)).toBeLessThanOrEqual(1500);
    // Before any scan: the index's own error, saying what to do.
    const none = await mcp.call<{ error: string; message: string }>('code', { query: 'summary' });
    expect(none).toMatchObject({ isError: true, value: { error: 'no_index' } });
    expect(none.value.message).toContain('cpk scan');
    await mcp.close();
  });

  it('answers symbols, imports, dependents, summary and a map ranked for a task', async () => {
    await scanRepo(project.cwd);
    const mcp = await stdioClient(project.cwd, project.env, ['--agent', 'coder']);
    expect((await mcp.call('code', { query: 'symbols', name: 'issue' })).value).toEqual([
      { name: 'issueToken', kind: 'function', at: 'src/auth/token.ts:1', exported: true },
    ]);
    const imports = await mcp.call<{ spec: string; file: string }[]>('code', { query: 'imports', file: 'src/app.ts' });
    expect(imports.value).toMatchObject([{ spec: './auth/token.js', file: 'src/auth/token.ts' }]);
    const dependents = await mcp.call<{ at: string }[]>('code', { query: 'dependents', file: 'src/auth/token.ts' });
    expect(dependents.value.map((d) => d.at)).toEqual(['src/app.ts:1']);
    expect((await mcp.call('code', { query: 'summary' })).value).toMatchObject({ files: 2 });
    const added = await cpk(['task', 'add', '--title', 'Shorten issueToken lifetime'], project);
    const number = added.json<{ task_number: string }>().task_number;
    const map = await mcp.call<{ files: { file: string }[] }>('code', { query: 'map', task: number });
    expect(map.isError, map.text).toBe(false);
    expect(map.value.files[0]?.file).toBe('src/auth/token.ts');
    await mcp.close();
  });

  it('refuses bad arguments naming the field, and a task that does not exist with the API code', async () => {
    await scanRepo(project.cwd);
    const mcp = await stdioClient(project.cwd, project.env, ['--agent', 'coder']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'validation_error', 'query'],
      [{ query: 'everything' }, 'validation_error', 'query'],
      [{ query: 'imports' }, 'validation_error', 'file'],
      [{ query: 'imports', file: '../../etc/passwd' }, 'validation_error', 'file'],
      [{ query: 'dependents', file: 'src/app.ts', depth: 0 }, 'validation_error', 'depth'],
      [{ query: 'symbols', kind: 'gadget' }, 'validation_error', 'kind'],
      [{ query: 'symbols', colour: 'red' }, 'validation_error', 'colour'],
    ];
    for (const [args, code, path] of cases) {
      const answer = await mcp.call<{ error: string; details?: { path: string }[] }>('code', args);
      expect(answer.isError, answer.text).toBe(true);
      expect(answer.value.error).toBe(code);
      expect(answer.value.details?.map((d) => d.path)).toContain(path);
    }
    expect(await mcp.call('code', { query: 'imports', file: 'src/nope.ts' })).toMatchObject({
      isError: true,
      value: { error: 'not_indexed' },
    });
    expect(await mcp.call('code', { query: 'map', task: 'T-999' })).toMatchObject({
      isError: true,
      value: { error: 'task_not_found' },
    });
    await mcp.close();
    expect(server.log()).not.toMatch(/\n\s+at /);
  });
});
