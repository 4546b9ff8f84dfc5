import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlob } from '../../../src/core/rules/globs.js';
import { globsOverlap } from '../../../src/core/rules/globs-overlap.js';
import { cpk, initProject, type RunningServer, startServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

/** Real server, real cpk processes: 8 agents pick up at once among tasks whose files overlap. */

const GLOBS = ['src/a/**', 'src/a/x.ts', 'src/*/y.ts', 'src/b/**', 'docs/**', '**/*.md', 'lib/z.ts', 'lib/[a-m]*'];
// Each round starts 8 + about 6 cpk processes; 100 rounds (CPK_ROUNDS=100) run in the contract suite at store level.
const ROUNDS = Number(process.env.CPK_ROUNDS ?? 25);

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv };

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'files');
});

afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

const run = (args: string[], agent?: string) =>
  cpk(args, { cwd: project.cwd, env: { ...project.env, ...(agent ? { CPK_AGENT: agent } : {}) } });

interface Listed {
  task_number: string;
  assignee: string | null;
  status: string;
}

describe('pickup with files', () => {
  it(`${ROUNDS} rounds of 8 cpk processes: one winner per task, never two live claims with overlapping files`, async () => {
    const files = new Map<string, string[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: 6 }, (_, i) => ({
        title: `r${round} t${i}`,
        files:
          i === 5
            ? []
            : [
                ...new Set(
                  [0, 1, 2]
                    .slice(0, 1 + ((round + i) % 3))
                    .map((k) => GLOBS[(round * 6 + i * 3 + k * 5) % GLOBS.length] as string),
                ),
              ],
      }));
      const made = await cpk(['task', 'add', '--batch', '-'], {
        cwd: project.cwd,
        env: project.env,
        input: JSON.stringify(batch),
      });
      expect(made.code, made.stderr).toBe(0);
      for (const [i, t] of made.json<{ tasks: { task_number: string }[] }>().tasks.entries())
        files.set(t.task_number, batch[i]?.files ?? []);
      const agents = Array.from({ length: 8 }, (_, i) => `agent-${i}`);
      const results = await Promise.all(agents.map((a) => run(['task', 'pickup'], a)));
      const won: { agent: string; task: string }[] = [];
      for (const [i, r] of results.entries()) {
        expect([0, 4], r.stderr).toContain(r.code);
        if (r.code === 0) won.push({ agent: agents[i] ?? '', task: r.json<{ task_number: string }>().task_number });
      }
      expect(won.length).toBeGreaterThan(0);
      expect(new Set(won.map((w) => w.task)).size).toBe(won.length);
      const live = (await run(['task', 'list', '--status', 'in-progress', '--limit', '500'])).json<Listed[]>();
      for (const w of won) expect(live.find((t) => t.task_number === w.task)?.assignee).toBe(w.agent);
      for (const [i, a] of live.entries())
        for (const b of live.slice(i + 1))
          if (a.assignee !== b.assignee)
            for (const fa of files.get(a.task_number) ?? [])
              for (const fb of files.get(b.task_number) ?? [])
                expect(
                  globsOverlap(parseGlob(fa), parseGlob(fb)),
                  `${a.task_number} ${fa} / ${b.task_number} ${fb}`,
                ).toBe(false);
      // Most claims end each round (done or released, in parallel); a few carry over.
      await Promise.all(
        live.map((t, i) =>
          (Number(t.task_number.slice(2)) + round) % 4 === 0
            ? Promise.resolve()
            : run(['task', i % 2 ? 'done' : 'release', t.task_number], t.assignee ?? undefined),
        ),
      );
    }
  }, 600_000);

  it('--id on held files answers 409 naming holder, files and lease end; --explain says what was passed over', async () => {
    const p = await initProject(server, 'explain');
    const go = (args: string[], agent?: string) =>
      cpk(args, { cwd: p.cwd, env: { ...p.env, ...(agent ? { CPK_AGENT: agent } : {}) } });
    expect((await go(['task', 'add', '-t', 'api', '--files', 'src/api/**'])).code).toBe(0);
    expect((await go(['task', 'add', '-t', 'route', '--files', 'src/api/routes.ts'])).code).toBe(0);
    const first = await go(['task', 'pickup'], 'ann');
    expect(first.json()).toMatchObject({ task_number: 'T-001', files: ['src/api/**'] });
    const lease = first.json<{ lease_expires_at: string }>().lease_expires_at;
    const held = await go(['task', 'pickup', '--id', 'T-002'], 'bob');
    expect(held.code).toBe(1);
    expect(held.error().error).toBe('conflict');
    expect(held.error().message).toContain(`src/api/** held by ann (T-001, until ${lease})`);
    const explained = await go(['task', 'pickup', '--explain'], 'bob');
    expect(explained.code).toBe(4);
    expect(explained.error().details).toEqual([
      { path: 'T-002', message: `src/api/** held by ann (T-001, until ${lease})` },
    ]);
    const bad = await go(['task', 'add', '-t', 'x', '--files', 'src/**', 'a/../b']);
    expect(bad.code).toBe(1);
    expect(bad.error()).toMatchObject({ error: 'validation_error', details: [{ path: 'files.1' }] });
    const badReserve = await go(['files', 'reserve', 'src/{a,b}'], 'bob');
    expect(badReserve.error()).toMatchObject({ error: 'validation_error', details: [{ path: 'files.0' }] });
    const board = (await go(['board', 'status'])).json<{ reservations: { ref: string; agent: string }[] }>();
    expect(board.reservations).toEqual([
      expect.objectContaining({ ref: 'T-001', agent: 'ann', files: ['src/api/**'] }),
    ]);
    expect((await go(['board', 'status', '--human'])).stdout).toMatch(
      /Files held:\n.*\nT-001\s+ann\s+in 60m\s+src\/api\/\*\*/,
    );
  });
});
