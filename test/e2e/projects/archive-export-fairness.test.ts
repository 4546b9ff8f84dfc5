import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { board } from '../../helpers/board.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

/** An export streams beside the board's other work: the server answers other requests meanwhile. */

let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

it('other requests are answered while an export streams to a client that keeps up', async () => {
  server = await startServer();
  const project = await initProject(server, 'fairness');
  const b = board(createClient(server.url), project.projectId);
  const tasks = 30_000;
  for (let from = 1; from <= tasks; from += 1000)
    await b.addMany(
      Array.from({ length: 1000 }, (_, i) => ({ title: `Task ${from + i}`, description: 'x'.repeat(200) })),
    );
  const work = tempDir('cpk-fair-');
  let exported = false;
  const started = performance.now();
  const exporting = cpk(['export', '--out', join(work, 'a.jsonl')], { cwd: project.cwd, env: project.env }).then(
    (out) => {
      exported = true;
      return out;
    },
  );
  // Health checks one after another until the export is done. A whole export in one turn of the event
  // loop held the one sent as it began streaming until it ended: nearly the whole export.
  let slowest = 0;
  let checks = 0;
  while (!exported) {
    const t0 = performance.now();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - t0);
    checks++;
    await new Promise((r) => setTimeout(r, 10));
  }
  const out = await exporting;
  const took = performance.now() - started;
  expect(out.code, out.stderr).toBe(0);
  expect(out.json()).toMatchObject({ tasks });
  // Long enough that an export run in one turn (a health check held for nearly all of it) stands out
  // from a check's own few milliseconds: 30,000 tasks took 0.75-2.5 s on the machines here.
  expect(took).toBeGreaterThan(300);
  expect(checks).toBeGreaterThanOrEqual(5);
  expect(
    slowest,
    `slowest health check ${slowest.toFixed(0)} ms of an export taking ${took.toFixed(0)} ms`,
  ).toBeLessThan(took / 3);
}, 240_000);
