import { describe, expect, it } from 'vitest';
import { cpk, initProject, type RunningServer } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';

let server: RunningServer;
useServer((s) => {
  server = s;
});

interface Event {
  id: number;
  type: string;
  entity_id: string;
}

describe('cpk events', () => {
  it('--entity takes task numbers and doc ids as written; --latest gives the newest first', async () => {
    const p = await initProject(server, 'events-project');
    for (const title of ['One', 'Two', 'Three', 'Four'])
      expect((await cpk(['task', 'add', '--title', title], p)).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'bob', '--id', 'T-004'], p)).code).toBe(0);
    expect((await cpk(['docs', 'write', '--type', 'learning', '--title', 'Note', '--body', 'x'], p)).code).toBe(0);
    const t4 = (await cpk(['task', 'show', 'T-004'], p)).json<{ id: string }>().id;

    for (const ref of ['T-004', 't-4', 'T-0004']) {
      const res = await cpk(['events', '--entity', ref], p);
      expect(res.code, res.stderr).toBe(0);
      const events = res.json<Event[]>();
      expect(
        events.map((e) => e.type),
        ref,
      ).toEqual(['task.created', 'task.pickup']);
      expect(new Set(events.map((e) => e.entity_id))).toEqual(new Set([t4]));
    }
    for (const ref of ['D-001', 'd-1'])
      expect(
        (await cpk(['events', '--entity', ref], p)).json<Event[]>().map((e) => e.type),
        ref,
      ).toEqual(['doc.created']);
    const missing = await cpk(['events', '--entity', 'T-099'], p);
    expect(missing.code).toBe(1);
    expect(missing.error().error).toBe('task_not_found');

    const all = (await cpk(['events'], p)).json<Event[]>();
    const latest = (await cpk(['events', '--latest', '--limit', '2'], p)).json<Event[]>();
    expect(latest.map((e) => e.id)).toEqual(
      all
        .slice(-2)
        .map((e) => e.id)
        .reverse(),
    );
    expect(latest[0]!.type).toBe('doc.created');
  });

  it('the human table names what each event is about, with relative times', async () => {
    const p = await initProject(server, 'events-human');
    expect((await cpk(['task', 'add', '--title', 'One'], p)).code).toBe(0);
    const res = await cpk(['events', '--human'], p);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+WHEN\s+TYPE\s+ACTOR\s+ABOUT$/);
    expect(lines[1]).toMatch(/project\.created\s+system\s+events-human$/);
    expect(lines[2]).toMatch(/^\d+\s+just now\s+task\.created\s+human\s+T-001$/);
    expect(res.stdout).not.toContain(p.projectId);
  });
});
