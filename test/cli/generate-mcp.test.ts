import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stdioClient } from '../helpers/mcp.js';
import { cpk, initProject, type RunningServer } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
useServer((s) => {
  server = s;
});

const FILES = ['.mcp.json', '.cursor/mcp.json', '.codex/config.toml'];
const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');
const put = (cwd: string, file: string, text: string) => {
  mkdirSync(join(cwd, file, '..'), { recursive: true });
  writeFileSync(join(cwd, file), text);
};
const generate = async (project: { cwd: string; env: NodeJS.ProcessEnv }, ...args: string[]) => {
  const res = await cpk(['generate', '--mcp', ...args], project);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ mcp: Record<string, string>; files: string[] }>();
};

describe('cpk generate --mcp', () => {
  it('writes MCP configurations only when asked', async () => {
    const project = await initProject(server, 'no-mcp');
    const res = await cpk(['generate'], project);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).not.toHaveProperty('mcp');
    for (const file of FILES) expect(existsSync(join(project.cwd, file)), file).toBe(false);
    const stray = await cpk(['generate', '--agent', 'x'], project);
    expect(stray.code).toBe(2);
    expect(stray.error()).toMatchObject({ error: 'invalid_option' });
  });

  it('creates each client’s file, with the protocol files, and changes nothing on a second run', async () => {
    const project = await initProject(server, 'fresh-mcp');
    const out = await generate(project);
    expect(out.mcp).toEqual({ '.mcp.json': 'created', '.cursor/mcp.json': 'created', '.codex/config.toml': 'created' });
    expect(out.files).toContain('.codepakt/AGENTS.md');
    expect(JSON.parse(read(project.cwd, '.mcp.json'))).toEqual({
      mcpServers: { codepakt: { command: 'cpk', args: ['mcp', '--agent', 'claude'] } },
    });
    expect(JSON.parse(read(project.cwd, '.cursor/mcp.json')).mcpServers.codepakt.args).toEqual([
      'mcp',
      '--agent',
      'cursor',
      '--dir',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Cursor's variable, written as it is
      '${workspaceFolder}',
    ]);
    expect(read(project.cwd, '.codex/config.toml')).toBe(
      '[mcp_servers.codepakt]\ncommand = "cpk"\nargs = ["mcp", "--agent", "codex"]\n',
    );
    const before = FILES.map((f) => read(project.cwd, f));
    expect((await generate(project)).mcp).toEqual({
      '.mcp.json': 'present',
      '.cursor/mcp.json': 'present',
      '.codex/config.toml': 'present',
    });
    expect(FILES.map((f) => read(project.cwd, f))).toEqual(before);
  });

  it('merges into the user’s files, never replacing an entry of theirs, and leaves a file it cannot read alone', async () => {
    const project = await initProject(server, 'merge-mcp');
    const theirs = { mcpServers: { github: { command: 'gh-mcp', env: { TOKEN: 'x' } } }, other: [1, 2] };
    put(project.cwd, '.mcp.json', JSON.stringify(theirs));
    put(project.cwd, '.cursor/mcp.json', '{ "mcpServers": { "codepakt": { "url": "http://elsewhere/mcp" } } }');
    const toml = '# my settings\nmodel = "o4"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n';
    put(project.cwd, '.codex/config.toml', toml);
    const out = await generate(project, '--agent', 'dev-1');
    expect(out.mcp).toEqual({ '.mcp.json': 'added', '.cursor/mcp.json': 'kept', '.codex/config.toml': 'added' });
    expect(JSON.parse(read(project.cwd, '.mcp.json'))).toEqual({
      mcpServers: { ...theirs.mcpServers, codepakt: { command: 'cpk', args: ['mcp', '--agent', 'dev-1'] } },
      other: [1, 2],
    });
    expect(read(project.cwd, '.cursor/mcp.json')).toBe(
      '{ "mcpServers": { "codepakt": { "url": "http://elsewhere/mcp" } } }',
    );
    expect(read(project.cwd, '.codex/config.toml')).toBe(
      `${toml}\n[mcp_servers.codepakt]\ncommand = "cpk"\nargs = ["mcp", "--agent", "dev-1"]\n`,
    );

    const broken = await initProject(server, 'broken-mcp');
    put(broken.cwd, '.mcp.json', '{ "mcpServers": { oops');
    put(broken.cwd, '.cursor/mcp.json', '[1]');
    put(broken.cwd, '.codex/config.toml', 'mcp_servers.codepakt.command = "mine"\n');
    expect((await generate(broken)).mcp).toEqual({
      '.mcp.json': 'unparsable',
      '.cursor/mcp.json': 'unparsable',
      '.codex/config.toml': 'kept',
    });
    expect(read(broken.cwd, '.mcp.json')).toBe('{ "mcpServers": { oops');
    expect(read(broken.cwd, '.codex/config.toml')).toBe('mcp_servers.codepakt.command = "mine"\n');
  });

  it('writes configurations that start a working server: Claude Code’s from the project, Cursor’s from anywhere', async () => {
    const project = await initProject(server, 'working-mcp');
    await generate(project);
    const claude = JSON.parse(read(project.cwd, '.mcp.json')).mcpServers.codepakt as { args: string[] };
    const cursor = JSON.parse(read(project.cwd, '.cursor/mcp.json')).mcpServers.codepakt as { args: string[] };
    const elsewhere = tempDir('cpk-mcp-elsewhere-');
    const clients = [
      await stdioClient(project.cwd, project.env, claude.args.slice(1)),
      await stdioClient(
        elsewhere,
        project.env,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the variable Cursor expands
        cursor.args.slice(1).map((a) => (a === '${workspaceFolder}' ? project.cwd : a)),
      ),
    ];
    for (const [i, mcp] of clients.entries()) {
      const { value, isError } = await mcp.call('add', { title: `From config ${i}` });
      expect(isError).toBe(false);
      const picked = await mcp.call('pickup', { task_id: value.task_number as string });
      expect(picked.value.assignee).toBe(i === 0 ? 'claude' : 'cursor');
      await mcp.close();
    }
  });
});
