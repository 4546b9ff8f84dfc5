import { describe, expect, it } from 'vitest';
import { cpk, initProject, type RunningServer } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';

let server: RunningServer;
useServer((s) => {
  server = s;
});

describe('--human output', () => {
  it('config show and set print settings as words, not JSON', async () => {
    const p = await initProject(server, 'human-config');
    const show = await cpk(['config', 'show', '--human'], p);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).not.toMatch(/[{}]/);
    expect(show.stdout).toMatch(/^lease\s+1 hour \(lease_seconds 3600\)$/m);
    expect(show.stdout).toMatch(/^max attempts\s+3 lease lapses, then blocked \(max_attempts\)$/m);
    expect(show.stdout).toMatch(/^project\s+human-config \(/m);
    const set = await cpk(['config', 'set', 'lease_seconds', '45m', '--human'], p);
    expect(set.stdout).toMatch(/^lease\s+45 minutes \(lease_seconds 2700\)$/m);
    expect(set.stdout).not.toMatch(/[{}]/);
  });

  it('docs: the author defaults to the agent or "human"; read prints the title once; times are relative; long titles end in …', async () => {
    const p = await initProject(server, 'human-docs');
    const title = 'A very long title that goes on and on about the many details of the build pipeline';
    expect(
      (await cpk(['docs', 'write', '--type', 'learning', '--title', title, '--body', `# ${title}\n\nBody text.`], p))
        .code,
    ).toBe(0);
    expect(
      (
        await cpk(['docs', 'write', '--type', 'decision', '--title', 'Use SQLite', '--body', 'Because.'], {
          ...p,
          env: { ...p.env, CPK_AGENT: 'ada' },
        })
      ).code,
    ).toBe(0);
    const docs = (await cpk(['docs', 'list'], p)).json<{ id: string; author: string }[]>();
    expect(docs.map((d) => d.author)).toEqual(['human', 'ada']);

    const read = await cpk(['docs', 'read', 'D-001', '--human'], p);
    expect(read.stdout.split(title)).toHaveLength(2);
    expect(read.stdout).toMatch(
      /^# A very long title.*\nD-001 · learning · by human · updated just now\n\nBody text\.\n$/,
    );
    const plain = await cpk(['docs', 'read', 'D-002', '--human'], p);
    expect(plain.stdout).toBe('# Use SQLite\nD-002 · decision · by ada · updated just now\n\nBecause.\n');

    const list = await cpk(['docs', 'list', '--human'], p);
    expect(list.stdout).toMatch(/^ID\s+TYPE\s+TITLE\s+SECTION\s+TAGS\s+AUTHOR\s+UPDATED$/m);
    expect(list.stdout).toContain('just now');
    expect(list.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(list.stdout).toContain(`${[...title].slice(0, 59).join('')}…`);
    expect(list.stdout).not.toContain(title);
  });

  it('agent list and board status say times relative to now', async () => {
    const p = await initProject(server, 'human-agents');
    expect((await cpk(['task', 'add', '--title', 'Work'], p)).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'bob'], p)).code).toBe(0);
    const agents = await cpk(['agent', 'list', '--human'], p);
    expect(agents.stdout).toMatch(/^bob\s+working\s+T-001\s+ends in 60m\s+just now$/m);
    const board = await cpk(['board', 'status', '--human'], p);
    expect(board.stdout).toMatch(/^bob\s+working\s+T-001\s+just now$/m);
  });
});

describe('--human task show', () => {
  it('says when the lease ends and when notes were written relative to now', async () => {
    const p = await initProject(server, 'human-task');
    expect((await cpk(['task', 'add', '--title', 'Work'], p)).code).toBe(0);
    expect((await cpk(['task', 'pickup', '--agent', 'bob'], p)).code).toBe(0);
    expect((await cpk(['task', 'note', 'T-001', 'halfway', '--agent', 'bob'], p)).code).toBe(0);
    const show = await cpk(['task', 'show', 'T-001', '--human'], p);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^lease ends in 60m \(\d{4}-\d\d-\d\dT[\d:.]+Z\)$/m);
    expect(show.stdout).toMatch(/^ {2}\[just now\] bob: halfway$/m);
  });

  it('an error message is one line even when it would hold a newline', async () => {
    const p = await initProject(server, 'human-newline');
    const res = await cpk(['task', 'show', 'T-1\nT-2'], p);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).not.toContain('\\n');
  });
});
