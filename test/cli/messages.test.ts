import { describe, expect, it } from 'vitest';
import { cpk, initProject, type RunningServer } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';

let server: RunningServer;
useServer((s) => {
  server = s;
});

describe('refusals say what is true and how to proceed', () => {
  it('a heartbeat from an agent that never held the task, and done on another agent’s task', async () => {
    const p = await initProject(server, 'messages');
    expect((await cpk(['task', 'add', '--title', 'Work'], p)).code).toBe(0);
    const open = await cpk(['task', 'heartbeat', 'T-001', '--agent', 'bob'], p);
    expect(open.code).toBe(1);
    expect(open.error().message).toBe('bob does not hold T-001 (it is open); only its holder can extend the lease');
    expect((await cpk(['task', 'pickup', '--agent', 'ann'], p)).code).toBe(0);
    const held = await cpk(['task', 'heartbeat', 'T-001', '--agent', 'bob'], p);
    expect(held.error().message).toBe(
      'bob does not hold T-001 (it is held by ann); only its holder can extend the lease',
    );
    const done = await cpk(['task', 'done', 'T-001', '--agent', 'bob'], p);
    expect(done.code).toBe(1);
    expect(done.error().message).toContain('(override with --force)');
    expect(done.error().message).not.toContain('use force');
  });
});
