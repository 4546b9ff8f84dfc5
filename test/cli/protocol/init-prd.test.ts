import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const envFor = () => ({
  CPK_URL: server.url,
  CPK_DATA_DIR: server.dataDir,
  CPK_PORT: '',
  CPK_TOKEN: '',
  CPK_AGENT: '',
});

interface InitOutput {
  project_id: string;
  name: string;
  prd?: string;
  guide?: string;
  generated?: string[];
}
interface Doc {
  id: string;
  type: string;
  title: string;
  body: string;
  tags: string[];
  author?: string;
}

const PRD = `# PRD: Snake

## Goals
- A 20x20 board, arrow keys, score, restart.

## Non-goals
- Multiplayer.
`;

describe('cpk init --prd', () => {
  it('stores the PRD and a board setup guide, generates the protocol, and is idempotent', async () => {
    const cwd = tempDir('cpk-prd-');
    writeFileSync(join(cwd, 'PRD.md'), PRD);
    const env = envFor();
    const first = await cpk(['init', '--name', 'snake', '--prd', 'PRD.md'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const out = first.json<InitOutput>();
    expect(out).toMatchObject({ name: 'snake', prd: 'D-001', guide: 'D-002' });
    expect(out.generated).toEqual(['.codepakt/AGENTS.md', '.codepakt/CLAUDE.md', 'AGENTS.md', 'CLAUDE.md']);

    const prd = (await cpk(['docs', 'read', 'D-001'], { cwd, env })).json<Doc>();
    expect(prd).toMatchObject({
      type: 'reference',
      title: 'PRD',
      body: PRD,
      tags: ['prd', 'requirements'],
      author: 'human',
    });
    const guide = (await cpk(['docs', 'read', 'D-002'], { cwd, env })).json<Doc>();
    expect(guide).toMatchObject({ title: 'Board setup guide', tags: ['guide', 'setup'] });
    expect(guide.body).toContain('cpk docs read D-001');
    expect(guide.body).toContain('cpk task add --batch');
    expect(guide.body).toMatch(/--verify/);
    expect(guide.body).toMatch(/acceptance criteria/i);
    expect(guide.body).toMatch(/--depends-on/);
    // The server only stores: no tasks appear by themselves.
    expect((await cpk(['task', 'list'], { cwd, env })).json()).toEqual([]);
    // Findable by search.
    expect((await cpk(['docs', 'search', 'multiplayer'], { cwd, env })).json<Doc[]>().map((d) => d.id)).toEqual([
      'D-001',
    ]);
    expect(existsSync(join(cwd, '.codepakt', 'AGENTS.md'))).toBe(true);

    const eventsBefore = (await cpk(['events', '--limit', '1000'], { cwd, env })).json<unknown[]>();
    const agentsFile = readFileSync(join(cwd, '.codepakt', 'AGENTS.md'), 'utf8');
    const again = await cpk(['init', '--prd', 'PRD.md'], { cwd, env });
    expect(again.json<InitOutput>()).toMatchObject({ project_id: out.project_id, prd: 'D-001', guide: 'D-002' });
    expect(again.json<InitOutput>().generated ?? []).toEqual([]);
    expect((await cpk(['events', '--limit', '1000'], { cwd, env })).json<unknown[]>()).toEqual(eventsBefore);
    expect(readFileSync(join(cwd, '.codepakt', 'AGENTS.md'), 'utf8')).toBe(agentsFile);
    expect((await cpk(['docs', 'list'], { cwd, env })).json<Doc[]>()).toHaveLength(2);

    // A changed PRD updates the same doc.
    writeFileSync(join(cwd, 'PRD.md'), `${PRD}\n## Later\n- Leaderboard.\n`);
    const changed = await cpk(['init', '--prd', 'PRD.md'], { cwd, env: { ...env, CPK_AGENT: 'planner' } });
    expect(changed.json<InitOutput>()).toMatchObject({ prd: 'D-001', guide: 'D-002' });
    expect((await cpk(['docs', 'read', 'D-001'], { cwd, env })).json<Doc>().body).toContain('Leaderboard');
    const log = (await cpk(['events', '--entity', 'D-001'], { cwd, env })).json<{ type: string; actor: string }[]>();
    expect(log.map((e) => `${e.type}:${e.actor}`)).toEqual(['doc.created:human', 'doc.updated:planner']);
    expect((await cpk(['docs', 'list'], { cwd, env })).json<Doc[]>()).toHaveLength(2);
  });

  it('a PRD that cannot be read is a usage error and registers nothing', async () => {
    const cwd = tempDir('cpk-prd-missing-');
    const res = await cpk(['init', '--prd', 'missing.md'], { cwd, env: envFor() });
    expect(res.code).toBe(2);
    expect(res.error().message).toMatch(/--prd: cannot read .*missing\.md: ENOENT/);
    expect(existsSync(join(cwd, '.codepakt'))).toBe(false);

    writeFileSync(join(cwd, 'empty.md'), '  \n');
    const empty = await cpk(['init', '--prd', 'empty.md'], { cwd, env: envFor() });
    expect(empty.code).toBe(2);
    expect(empty.error().message).toMatch(/is empty/);

    writeFileSync(join(cwd, 'huge.md'), 'x'.repeat(200_001));
    const huge = await cpk(['init', '--prd', 'huge.md'], { cwd, env: envFor() });
    expect(huge.code).toBe(2);
    expect(huge.error().message).toMatch(/200001 characters; the limit is 200000/);
    expect(existsSync(join(cwd, '.codepakt'))).toBe(false);
  });
});
