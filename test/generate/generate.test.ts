import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/version.js';
import { cpk, initProject, startServer, type RunningServer } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';
import { invocations, realCommands, referenceBlock } from './commands.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const envFor = () => ({ CPK_URL: server.url, CPK_DATA_DIR: server.dataDir, CPK_PORT: '', CPK_TOKEN: '' });
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

interface GenerateOutput {
  version: string;
  files: string[];
  written?: string[];
  commands: number;
  root_agents_md: string;
  root_claude_md: string;
}

describe('cpk generate', () => {
  it('writes both protocol files, stamped, with every real command and flag in the reference', async () => {
    const { cwd, env } = await initProject(server, 'protocol');
    const res = await cpk(['generate'], { cwd, env });
    expect(res.code, res.stderr).toBe(0);
    const out = res.json<GenerateOutput>();
    expect(out).toMatchObject({ version: VERSION, files: ['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md'], root_agents_md: 'kept', root_claude_md: 'kept' });
    // init already generated them: nothing to rewrite.
    expect(out.written ?? []).toEqual([]);

    const { root, commands } = realCommands();
    const runnable = commands.filter((c) => !c.group);
    expect(out.commands).toBe(runnable.length);
    for (const file of ['AGENTS.md', 'CLAUDE.md']) {
      const text = read(cwd, '.codepakt', file);
      expect(text.split('\n')[0]).toBe(`<!-- cpk_version: ${VERSION} -->`);
      expect(text).toContain('**protocol**');
      expect(text).not.toMatch(/\{\{\w+\}\}/);
      for (const c of commands) {
        if (c.group) {
          expect(text, `group ${c.path}`).toContain(`### ${c.path}`);
          continue;
        }
        const block = referenceBlock(text, c.path);
        expect(block, `${file}: no reference entry for cpk ${c.path}`).toBeDefined();
        const body = block!.join('\n');
        for (const o of c.command.options) expect(body, `${file}: cpk ${c.path} ${o.flags}`).toContain(o.flags);
        for (const a of c.command.registeredArguments) expect(block![0], `${file}: cpk ${c.path} <${a.name()}>`).toContain(a.name());
      }
      for (const o of root.options) expect(text).toContain(o.flags);
      // Nothing listed that does not exist.
      const reference = text.slice(text.indexOf('## Command reference'), text.indexOf('## Exit codes'));
      const listed = reference.split('\n').filter((l) => /^cpk \S/.test(l));
      const real = new Set(runnable.map((c) => c.path));
      for (const line of listed) {
        const words = line.split(' ').slice(1).filter((w) => !/^[[<]/.test(w));
        expect(real.has(words.join(' ')), `listed but not a command: ${line}`).toBe(true);
      }
      expect(listed).toHaveLength(runnable.length);
    }
  });

  it('the prose, examples and board guide only use commands and flags that exist', async () => {
    const { commands, root } = realCommands();
    const byPath = new Map(commands.map((c) => [c.path, c.command]));
    const { cwd, env } = await initProject(server, 'prose');
    writeFileSync(join(cwd, 'PRD.md'), '# Product\n\nSomething small.\n');
    await cpk(['init', '--prd', 'PRD.md'], { cwd, env });
    const guide = (await cpk(['docs', 'read', 'D-002'], { cwd, env })).json<{ body: string }>().body;
    const texts = { 'AGENTS.md': read(cwd, '.codepakt', 'AGENTS.md'), 'CLAUDE.md': read(cwd, '.codepakt', 'CLAUDE.md'), guide };
    for (const [name, text] of Object.entries(texts)) {
      const used = invocations(text);
      expect(used.length).toBeGreaterThan(5);
      for (const u of used) {
        const cmd = byPath.get(u.path);
        expect(cmd, `${name}: \`${u.line}\` names no command`).toBeDefined();
        expect(cmd!.commands.length, `${name}: \`${u.line}\` lacks a subcommand`).toBe(0);
        const valid = new Set([...cmd!.options, ...root.options].flatMap((o) => [o.long, o.short]).concat('--help', '-h'));
        for (const flag of u.flags) expect(valid.has(flag), `${name}: \`${u.line}\` uses ${flag}, which cpk ${u.path} does not have`).toBe(true);
      }
    }
  });

  it('creates root pointers only where missing and leaves user-written root files intact', async () => {
    const cwd = tempDir('cpk-gen-root-');
    const userAgents = '# Our agents\n\nUse pnpm. Never force-push.\n';
    const userClaude = '# House rules\r\n\r\nBe brief.\r\n';
    writeFileSync(join(cwd, 'AGENTS.md'), userAgents);
    writeFileSync(join(cwd, 'CLAUDE.md'), userClaude);
    const init = await cpk(['init'], { cwd, env: envFor() });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json<{ generated: string[] }>().generated).toEqual(['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md', 'CLAUDE.md']);
    expect(read(cwd, 'AGENTS.md')).toBe(userAgents);
    expect(read(cwd, 'CLAUDE.md')).toBe(`@import .codepakt/CLAUDE.md\n\n${userClaude}`);

    const again = await cpk(['generate'], { cwd, env: envFor() });
    expect(again.json<GenerateOutput>()).toMatchObject({ root_agents_md: 'kept', root_claude_md: 'kept' });
    expect(again.json<GenerateOutput>().written ?? []).toEqual([]);
    expect(read(cwd, 'AGENTS.md')).toBe(userAgents);
    expect(read(cwd, 'CLAUDE.md')).toBe(`@import .codepakt/CLAUDE.md\n\n${userClaude}`);

    // An import already written in Claude Code's own form counts; nothing is prepended.
    const other = tempDir('cpk-gen-root-');
    writeFileSync(join(other, 'CLAUDE.md'), 'Intro\n\n@.codepakt/CLAUDE.md\n');
    const res = await cpk(['init'], { cwd: other, env: envFor() });
    expect(res.json<{ generated: string[] }>().generated).toEqual(['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md', 'AGENTS.md']);
    expect(read(other, 'CLAUDE.md')).toBe('Intro\n\n@.codepakt/CLAUDE.md\n');
    expect(read(other, 'AGENTS.md')).toContain('.codepakt/AGENTS.md');
  });

  it('creates both root files in a fresh folder', async () => {
    const { cwd } = await initProject(server, 'fresh');
    expect(read(cwd, 'CLAUDE.md')).toBe('@import .codepakt/CLAUDE.md\n');
    expect(read(cwd, 'AGENTS.md')).toMatch(/\[\.codepakt\/AGENTS\.md\]\(\.codepakt\/AGENTS\.md\)/);
  });

  it('lists the board’s agents and the project’s lease', async () => {
    const { cwd, env } = await initProject(server, 'agents');
    await cpk(['config', 'set', 'lease_seconds', '45m'], { cwd, env });
    expect((await cpk(['task', 'add', '--title', 'First'], { cwd, env })).code).toBe(0);
    expect((await cpk(['task', 'add', '--title', 'Second'], { cwd, env })).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'claude', '--id', 'T-002'], { cwd, env })).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'codex'], { cwd, env })).code).toBe(0);
    expect((await cpk(['task', 'done', 'T-001', '--agent', 'codex', '--notes', 'done'], { cwd, env })).code).toBe(0);
    const res = await cpk(['generate'], { cwd, env });
    expect(res.json<GenerateOutput>().written).toEqual(['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md']);
    const text = read(cwd, '.codepakt', 'AGENTS.md');
    expect(text).toContain('- **claude**: working on T-002');
    expect(text).toContain('- **codex**: idle');
    expect(text).toContain('45 minutes in this project');
    expect(text).toContain('Project **agents**');
  });

  it('still writes the files when the server is down, saying the agents are unknown', async () => {
    const { cwd } = await initProject(server, 'offline');
    const res = await cpk(['generate'], { cwd, env: { ...envFor(), CPK_URL: 'http://127.0.0.1:9' } });
    expect(res.code, res.stderr).toBe(0);
    expect(read(cwd, '.codepakt', 'AGENTS.md')).toContain('The server was not reachable');
  });

  it('outside a project it fails with exit 1 and says to run init', async () => {
    const res = await cpk(['generate'], { cwd: tempDir('cpk-gen-none-'), env: envFor() });
    expect(res.code).toBe(1);
    expect(res.error()).toMatchObject({ error: 'no_project' });
  });
});

describe('stale protocol warning', () => {
  it('every cpk call warns once on stderr while the stamp is older than the CLI, until generate runs', async () => {
    const { cwd, env } = await initProject(server, 'stale');
    const file = join(cwd, '.codepakt', 'AGENTS.md');
    writeFileSync(file, `<!-- cpk_version: 0.1.4 -->\n# old\n`);
    const sub = join(cwd, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    for (const dir of [cwd, sub]) {
      const res = await cpk(['docs', 'list'], { cwd: dir, env });
      expect(res.code).toBe(0);
      expect(res.json()).toEqual([]);
      const lines = res.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^warning: .*\.codepakt\/AGENTS\.md was generated by cpk 0\.1\.4, this is cpk .*: run `cpk generate`/);
    }
    // Failing calls warn too, and the error stays the last stderr line.
    const failed = await cpk(['docs', 'read', 'D-404'], { cwd, env });
    expect(failed.stderr.split('\n')[0]).toMatch(/^warning: /);
    expect(failed.error().error).toBe('doc_not_found');

    const gen = await cpk(['generate'], { cwd, env });
    expect(gen.stderr).toBe('');
    expect(gen.json<GenerateOutput>().written).toEqual(['.codepakt/AGENTS.md']);
    const after = await cpk(['docs', 'list'], { cwd, env });
    expect(after.stderr).toBe('');
  });

  it('a newer or equal stamp, or no protocol file, gives no warning', async () => {
    const { cwd, env } = await initProject(server, 'fresh-stamp');
    writeFileSync(join(cwd, '.codepakt', 'AGENTS.md'), `<!-- cpk_version: 99.0.0 -->\n`);
    expect((await cpk(['docs', 'list'], { cwd, env })).stderr).toBe('');
    const bare = tempDir('cpk-nostamp-');
    expect((await cpk(['--version'], { cwd: bare, env })).stderr).toBe('');
    expect(existsSync(join(bare, '.codepakt'))).toBe(false);
  });
});
