import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { type Cluster, findPostgresBin, startCluster } from '../../helpers/postgres-cluster.js';
import { cpk } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Fleet, makeProject, projectFolder, sleep, sql, startFleet, wholeLog } from './fleet.js';

/**
 * PostgreSQL restarted under load, on a durable cluster of this file's own (fsync on): two replicas and
 * eight writers go on through a fast restart and a crash (immediate stop). Meanwhile calls answer 503
 * `storage_unavailable` (never 500) and `cpk` exits 3 saying so; the servers recover by themselves; no
 * acknowledged write is lost, and the log stays gapless.
 */
describe.skipIf(!testCluster())('PostgreSQL restarted under load', () => {
  let cluster: Cluster;
  let url: string;
  let fleet: Fleet;
  let projectId: string;

  beforeAll(async () => {
    cluster = await startCluster(findPostgresBin()!, { durable: true });
    url = (await createDatabase(cluster, 'fleet_restart')).url;
    fleet = await startFleet(url, 2);
    projectId = await makeProject(fleet.apis[0]!, 'restart');
  }, 120_000);
  afterAll(async () => {
    await fleet?.stop();
    await cluster?.stop();
    removeTempDirs();
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`${mode === 'fast' ? 'pg_ctl restart' : 'a crash (immediate stop) and start'}: nothing acknowledged lost, 503 meanwhile, recovery by itself`, async () => {
      const acknowledged: string[] = [];
      const statuses = new Map<number, number>();
      const other: string[] = [];
      let running = true;
      const writers = Array.from({ length: 8 }, async (_, i) => {
        for (let n = 0; running; n++) {
          const res = await fleet.apis[i % 2]!.POST('/api/tasks', {
            params: { query: { project_id: projectId } },
            body: { title: `w${i}-${n}` },
          }).catch((err: Error) => ({ response: { status: -1 }, error: err.message, data: undefined }));
          const status = res.response.status;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 201) acknowledged.push((res.data!.data as { id: string }).id);
          else if (status !== 503 || (res.error as { error?: string }).error !== 'storage_unavailable')
            other.push(`${status} ${JSON.stringify(res.error)}`);
          if (status !== 201) await sleep(50);
        }
      });
      // Under way first: some writes acknowledged before PostgreSQL goes.
      for (const deadline = performance.now() + 20_000; acknowledged.length < 20; await sleep(20))
        expect(performance.now(), 'writes before the restart').toBeLessThan(deadline);
      const before = acknowledged.length;
      await cluster.halt(mode);
      // While it is down: 503 to HTTP, exit 3 from cpk with a message that says to retry.
      await sleep(500);
      const down = await fleet.apis[0]!.GET('/api/tasks', { params: { query: { project_id: projectId } } });
      expect(down.response.status).toBe(503);
      expect(down.error).toMatchObject({ error: 'storage_unavailable' });
      const cli = await cpk(['task', 'list'], projectFolder(fleet.replicas[1]!, projectId));
      expect(cli.code, cli.stderr).toBe(3);
      expect(cli.error()).toMatchObject({ error: 'storage_unavailable' });
      expect(cli.error().message).toMatch(/cannot reach its storage now.*retry/);
      await sleep(1_000);
      const mark = acknowledged.length;
      await cluster.resume();
      // Recovery by itself: once PostgreSQL accepts connections again, the writers' next calls go through.
      const resumedAt = performance.now();
      let firstBack = 0;
      for (;;) {
        if (!firstBack && acknowledged.length > mark) firstBack = performance.now() - resumedAt;
        if (acknowledged.length >= mark + 40) break;
        expect(performance.now() - resumedAt, 'writes recover').toBeLessThan(15_000);
        await sleep(10);
      }
      console.log(
        `${mode}: first write acknowledged ${firstBack.toFixed(0)} ms after PostgreSQL was up again; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      running = false;
      await Promise.all(writers);
      expect(before).toBeGreaterThan(0);
      expect(other).toEqual([]);
      expect(statuses.get(503) ?? 0).toBeGreaterThan(0);

      // Every acknowledged write is in the database, and in the log, which has no gap.
      const ids = new Set(
        (await sql<{ id: string }>(url, 'SELECT id FROM codepakt.tasks WHERE project_id = $1', [projectId])).map(
          (r) => r.id,
        ),
      );
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      const log = await wholeLog(fleet.apis[1]!, projectId);
      expect(log.map((e) => e.id)).toEqual(log.map((_, i) => i + 1));
      const created = new Set(log.filter((e) => e.type === 'task.created').map((e) => e.entity_id));
      expect(acknowledged.filter((id) => !created.has(id))).toEqual([]);
    }, 120_000);
  }
});
