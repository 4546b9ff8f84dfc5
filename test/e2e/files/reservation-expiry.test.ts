import { describe, expect, it } from 'vitest';
import { cpk, initProject, type RunningServer } from '../../helpers/processes.js';
import { openSse } from '../../helpers/sse.js';
import { useServer } from '../../helpers/suite.js';

/** Real server, real cpk: a reservation that runs out is announced on the event stream when it does. */

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

useServer(async (s) => {
  server = s;
  project = await initProject(s, 'reservation-expiry');
});

const run = (args: string[], agent: string) =>
  cpk(args, { cwd: project.cwd, env: { ...project.env, CPK_AGENT: agent } });

describe('reservation expiry', () => {
  it('a stream hears files.expired once, about when the reservation ends, with nothing else written meanwhile', async () => {
    const stream = openSse(server.url, project.projectId);
    try {
      await stream.connected;
      const reserved = await run(['files', 'reserve', 'docs/**', '--ttl', '1s'], 'ann');
      expect(reserved.code, reserved.stderr).toBe(0);
      const r = reserved.json<{ id: string; expires_at: string }>();
      const [first, second] = await stream.waitFor(2, 10_000);
      expect(first).toMatchObject({ type: 'files.reserved', data: { entity_id: r.id } });
      expect(second).toMatchObject({
        type: 'files.expired',
        data: { entity_id: r.id, payload: { agent: 'ann', files: ['docs/**'], expires_at: r.expires_at } },
      });
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(r.expires_at));
      // It no longer holds; the next reservation of its files records no second end.
      const again = await run(['files', 'reserve', 'docs/a.md', '--ttl', '1h'], 'bob');
      expect(again.code, again.stderr).toBe(0);
      const released = await run(['files', 'release'], 'bob');
      expect(released.code, released.stderr).toBe(0);
      await stream.waitFor(4, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.events.map((e) => `${e.type} ${e.data.entity_id}`)).toEqual([
        `files.reserved ${r.id}`,
        `files.expired ${r.id}`,
        'files.reserved R-2',
        'files.released R-2',
      ]);
    } finally {
      stream.close();
    }
  }, 30_000);
});
