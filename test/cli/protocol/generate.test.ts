import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../../src/version.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { invocations, realCommands } from './commands.js';

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
  root_agents_md: string;
  root_claude_md: string;
}

/** Commands the protocol teaches that land in the task group separately; checked once they exist. */
const ARRIVING = new Set(['task approve', 'task reject', 'task cancel']);

describe('cpk generate', () => {
  it('writes both protocol files, stamped, each within 6 KB and holding the whole protocol', async () => {
    const { cwd, env } = await initProject(server, 'protocol');
    const res = await cpk(['generate'], { cwd, env });
    expect(res.code, res.stderr).toBe(0);
    const out = res.json<GenerateOutput>();
    expect(out).toMatchObject({
      version: VERSION,
      files: ['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md'],
      root_agents_md: 'kept',
      root_claude_md: 'kept',
    });
    // init already generated them: nothing to rewrite.
    expect(out.written ?? []).toEqual([]);
    for (const file of ['AGENTS.md', 'CLAUDE.md']) {
      const text = read(cwd, '.codepakt', file);
      expect(Buffer.byteLength(text), `${file} size`).toBeLessThanOrEqual(6 * 1024);
      expect(text.split('\n')[0]).toBe(`<!-- cpk_version: ${VERSION} -->`);
      expect(text).not.toMatch(/\{\{\w+\}\}/);
      const flat = text.replace(/\s+/g, ' ');
      // Session start, the loop, review, lifecycle rules, and the full reference one --help away.
      for (const needle of [
        'cpk task mine',
        'cpk board status',
        'cpk task pickup',
        'cpk task heartbeat',
        'cpk task done T-007 --notes',
        'cpk task block T-007 --reason',
        'cpk task release',
        'cpk task approve T-007',
        'cpk task reject T-007 --reason',
        'cpk task cancel T-007 --reason',
        'Block works on open tasks',
        '`max_attempts` counts lease lapses, not pickups',
        'cpk task --help',
      ]) {
        expect(flat, `${file}: ${needle}`).toContain(needle);
      }
      for (const code of ['0', '1', '2', '3', '4'])
        expect(text, `exit code ${code}`).toMatch(new RegExp(`^\\| ${code} \\| .+ \\| .+ \\|$`, 'm'));
    }
  });

  it('the files depend only on the cpk version: no project, agents, tasks or settings in them', async () => {
    const a = await initProject(server, 'alpha-project');
    const b = await initProject(server, 'beta-project');
    await cpk(['config', 'set', 'lease_seconds', '45m'], a);
    await cpk(['config', 'set', 'max_attempts', '7'], a);
    expect((await cpk(['task', 'add', '--title', 'First'], a)).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'claude-one'], a)).code).toBe(0);
    const gen = await cpk(['generate'], a);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.json<GenerateOutput>().written ?? []).toEqual([]);
    for (const file of ['AGENTS.md', 'CLAUDE.md']) {
      const text = read(a.cwd, '.codepakt', file);
      expect(text).toBe(read(b.cwd, '.codepakt', file));
      for (const live of ['alpha-project', 'claude-one', 'T-001', '45 minutes', server.url, String(server.port)])
        expect(text).not.toContain(live);
    }
  });

  it('the prose and board guide only use commands and flags that exist', async () => {
    const { commands, root } = realCommands();
    const byPath = new Map(commands.map((c) => [c.path, c.command]));
    const { cwd, env } = await initProject(server, 'prose');
    writeFileSync(join(cwd, 'PRD.md'), '# Product\n\nSomething small.\n');
    await cpk(['init', '--prd', 'PRD.md'], { cwd, env });
    const guide = (await cpk(['docs', 'read', 'D-002'], { cwd, env })).json<{ body: string }>().body;
    const texts = {
      'AGENTS.md': read(cwd, '.codepakt', 'AGENTS.md'),
      'CLAUDE.md': read(cwd, '.codepakt', 'CLAUDE.md'),
      guide,
    };
    for (const [name, text] of Object.entries(texts)) {
      const used = invocations(text);
      expect(used.length).toBeGreaterThan(5);
      for (const u of used) {
        const arriving = [...ARRIVING].find((a) => u.line.startsWith(`cpk ${a}`));
        if (arriving && !byPath.has(arriving)) continue;
        if (u.path === '' && u.flags.includes('--help')) continue;
        const cmd = byPath.get(u.path);
        expect(cmd, `${name}: \`${u.line}\` names no command`).toBeDefined();
        // `cpk task --help` names a group on purpose.
        if (!u.flags.includes('--help'))
          expect(cmd!.commands.length, `${name}: \`${u.line}\` lacks a subcommand`).toBe(0);
        const valid = new Set(
          [...cmd!.options, ...root.options].flatMap((o) => [o.long, o.short]).concat('--help', '-h'),
        );
        for (const flag of u.flags)
          expect(valid.has(flag), `${name}: \`${u.line}\` uses ${flag}, which cpk ${u.path} does not have`).toBe(true);
      }
    }
  });

  it('a root AGENTS.md gets one marked block appended, kept across runs, and --unlink takes out only what cpk added', async () => {
    const cwd = tempDir('cpk-gen-root-');
    const userAgents = '# Our agents\n\nUse pnpm. Never force-push.\n';
    const userClaude = '# House rules\r\n\r\nBe brief.\r\n';
    writeFileSync(join(cwd, 'AGENTS.md'), userAgents);
    writeFileSync(join(cwd, 'CLAUDE.md'), userClaude);
    const init = await cpk(['init'], { cwd, env: envFor() });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json<{ generated: string[] }>().generated).toEqual([
      '.codepakt/AGENTS.md',
      '.codepakt/CLAUDE.md',
      'AGENTS.md',
      'CLAUDE.md',
    ]);
    const agents = read(cwd, 'AGENTS.md');
    expect(agents.startsWith(`${userAgents}\n<!-- codepakt:begin`)).toBe(true);
    expect(agents).toContain('[.codepakt/AGENTS.md](.codepakt/AGENTS.md)');
    expect(agents.endsWith('<!-- codepakt:end -->\n')).toBe(true);
    expect(read(cwd, 'CLAUDE.md')).toBe(`@.codepakt/CLAUDE.md\r\n\r\n${userClaude}`);

    const again = await cpk(['generate'], { cwd, env: envFor() });
    expect(again.json<GenerateOutput>()).toMatchObject({ root_agents_md: 'kept', root_claude_md: 'kept' });
    expect(again.json<GenerateOutput>().written ?? []).toEqual([]);
    expect(read(cwd, 'AGENTS.md')).toBe(agents);

    // The user writes below the block; an outdated block is rewritten in place, the rest untouched.
    const edited = `${agents.replace('read and follow', 'follow')}\n## More\n\nMine.\n`;
    writeFileSync(join(cwd, 'AGENTS.md'), edited);
    const update = await cpk(['generate'], { cwd, env: envFor() });
    expect(update.json<GenerateOutput>()).toMatchObject({ root_agents_md: 'updated', written: ['AGENTS.md'] });
    expect(read(cwd, 'AGENTS.md')).toBe(`${agents}\n## More\n\nMine.\n`);

    const unlink = await cpk(['generate', '--unlink'], { cwd, env: envFor() });
    expect(unlink.code, unlink.stderr).toBe(0);
    expect(unlink.json()).toEqual({ root_agents_md: 'unlinked', root_claude_md: 'unlinked' });
    expect(read(cwd, 'AGENTS.md')).toBe(`${userAgents}\n## More\n\nMine.\n`);
    expect(read(cwd, 'CLAUDE.md')).toBe(userClaude);
    const twice = await cpk(['generate', '--unlink'], { cwd, env: envFor() });
    expect(twice.json()).toEqual({ root_agents_md: 'kept', root_claude_md: 'kept' });
  });

  it('a root file already pointing at the protocol in its own words is left alone', async () => {
    const other = tempDir('cpk-gen-root-');
    writeFileSync(join(other, 'CLAUDE.md'), 'Intro\n\n@.codepakt/CLAUDE.md\n');
    writeFileSync(join(other, 'AGENTS.md'), 'See .codepakt/AGENTS.md for the board.\n');
    const res = await cpk(['init'], { cwd: other, env: envFor() });
    expect(res.json<{ generated: string[] }>().generated).toEqual(['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md']);
    expect(read(other, 'CLAUDE.md')).toBe('Intro\n\n@.codepakt/CLAUDE.md\n');
    expect(read(other, 'AGENTS.md')).toBe('See .codepakt/AGENTS.md for the board.\n');
  });

  it('replaces the @import line and the root pointer earlier versions wrote', async () => {
    const { cwd, env } = await initProject(server, 'upgrade');
    writeFileSync(join(cwd, 'CLAUDE.md'), '# Rules\n\n@import .codepakt/CLAUDE.md\n\nBe brief.\n');
    writeFileSync(
      join(cwd, 'AGENTS.md'),
      '# AGENTS.md\n\nThe coding agents of this project coordinate through codepakt. Read and follow\n[.codepakt/AGENTS.md](.codepakt/AGENTS.md): the task board protocol and the complete `cpk` command reference.\n',
    );
    const res = await cpk(['generate'], { cwd, env });
    expect(res.json<GenerateOutput>()).toMatchObject({ root_agents_md: 'updated', root_claude_md: 'updated' });
    expect(read(cwd, 'CLAUDE.md')).toBe('# Rules\n\n@.codepakt/CLAUDE.md\n\nBe brief.\n');
    expect(read(cwd, 'AGENTS.md')).toMatch(
      /^# AGENTS\.md\n\n<!-- codepakt:begin[^\n]*-->\n[\s\S]*<!-- codepakt:end -->\n$/,
    );
  });

  it('creates both root files in a fresh folder; --unlink then removes them', async () => {
    const { cwd, env } = await initProject(server, 'fresh');
    expect(read(cwd, 'CLAUDE.md')).toBe('@.codepakt/CLAUDE.md\n');
    expect(read(cwd, 'AGENTS.md')).toMatch(/\[\.codepakt\/AGENTS\.md\]\(\.codepakt\/AGENTS\.md\)/);
    expect((await cpk(['generate', '--unlink'], { cwd, env })).code).toBe(0);
    expect(existsSync(join(cwd, 'CLAUDE.md'))).toBe(false);
    expect(existsSync(join(cwd, 'AGENTS.md'))).toBe(false);
  });

  it('needs no server: the same files with the server unreachable', async () => {
    const { cwd } = await initProject(server, 'offline');
    const before = read(cwd, '.codepakt', 'AGENTS.md');
    writeFileSync(join(cwd, '.codepakt', 'AGENTS.md'), 'old\n');
    const res = await cpk(['generate'], { cwd, env: { ...envFor(), CPK_URL: 'http://127.0.0.1:9' } });
    expect(res.code, res.stderr).toBe(0);
    expect(read(cwd, '.codepakt', 'AGENTS.md')).toBe(before);
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
      expect(lines[0]).toMatch(
        /^warning: .*\.codepakt\/AGENTS\.md was generated by cpk 0\.1\.4, this is cpk .*: run `cpk generate`/,
      );
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
