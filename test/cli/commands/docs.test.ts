import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

let server: RunningServer;
let cwd: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startServer();
  ({ cwd, env } = await initProject(server, 'kb-cli'));
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

interface Doc {
  id: string;
  type: string;
  title: string;
  body?: string;
  tags?: string[];
  author?: string;
  section?: string;
}

describe('cpk docs', () => {
  it('write takes --body, --file or stdin; prints the doc without its body; author defaults to CPK_AGENT', async () => {
    const a = await cpk(
      [
        'docs',
        'write',
        '--type',
        'decision',
        '--title',
        'Token lifetime',
        '--body',
        'Access tokens live **15 minutes**.',
        '--tags',
        'auth, security,',
      ],
      {
        cwd,
        env: { ...env, CPK_AGENT: 'claude' },
      },
    );
    expect(a.code, a.stderr).toBe(0);
    expect(a.json<Doc>()).toMatchObject({
      id: 'D-001',
      type: 'decision',
      title: 'Token lifetime',
      tags: ['auth', 'security'],
      author: 'claude',
    });
    expect(a.json<Doc>()).not.toHaveProperty('body');

    writeFileSync(join(cwd, 'notes.md'), '# Deploy\n\nRun `make deploy` after the migrations.\n');
    const b = await cpk(
      [
        'docs',
        'write',
        '--type',
        'operational',
        '-t',
        'Deploy',
        '-f',
        'notes.md',
        '--section',
        'ops',
        '--author',
        'codex',
      ],
      { cwd, env },
    );
    expect(b.json<Doc>()).toMatchObject({ id: 'D-002', section: 'ops', author: 'codex' });

    const c = await cpk(['docs', 'write', '--type', 'learning', '--title', 'From stdin', '--file', '-'], {
      cwd,
      env,
      input: 'piped body about migrations',
    });
    expect(c.json<Doc>()).toMatchObject({ id: 'D-003' });
    expect(c.json<Doc>().author).toBe('human');
  });

  it('read prints the body; --human prints it as markdown', async () => {
    const res = await cpk(['docs', 'read', 'D-002'], { cwd, env });
    expect(res.json<Doc>().body).toBe('# Deploy\n\nRun `make deploy` after the migrations.\n');
    const human = await cpk(['docs', 'read', 'D-001', '--human'], { cwd, env });
    expect(human.stdout).toMatch(/^# Token lifetime\nD-001 · decision · auth, security · by claude · /);
    expect(human.stdout).toContain('Access tokens live **15 minutes**.');
  });

  it('search prints ranked snippets; list prints summaries; both filter', async () => {
    const hits = (await cpk(['docs', 'search', 'migrations'], { cwd, env })).json<(Doc & { snippet: string })[]>();
    expect(hits.map((h) => h.id).sort()).toEqual(['D-002', 'D-003']);
    for (const h of hits) {
      expect(h.snippet).toContain('**migrations**');
      expect(h).not.toHaveProperty('body');
    }
    const typed = (await cpk(['docs', 'search', 'migrations', '--type', 'learning'], { cwd, env })).json<Doc[]>();
    expect(typed.map((h) => h.id)).toEqual(['D-003']);
    // Words after the command join into one query; syntax characters are harmless.
    const multi = await cpk(['docs', 'search', 'token', 'lifetime"', '--tag', 'auth'], { cwd, env });
    expect(multi.code, multi.stderr).toBe(0);
    expect(multi.json<Doc[]>().map((h) => h.id)).toEqual(['D-001']);

    const list = (await cpk(['docs', 'list'], { cwd, env })).json<Doc[]>();
    expect(list.map((d) => d.id)).toEqual(['D-001', 'D-002', 'D-003']);
    expect((await cpk(['docs', 'list', '--tag', 'security'], { cwd, env })).json<Doc[]>().map((d) => d.id)).toEqual([
      'D-001',
    ]);
    const human = await cpk(['docs', 'list', '--human'], { cwd, env });
    expect(human.stdout.split('\n')[0]).toMatch(/^ID\s+TYPE\s+TITLE/);
  });

  it('update changes fields, clears a section with "", and the change is in the audit log', async () => {
    const res = await cpk(
      ['docs', 'update', 'D-002', '--title', 'Deploying', '--section', '', '--tags', 'ops', '--agent', 'gemini'],
      { cwd, env },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<Doc>()).toMatchObject({ id: 'D-002', title: 'Deploying', tags: ['ops'] });
    expect(res.json<Doc>()).not.toHaveProperty('section');
    const log = await cpk(['events', '--entity', 'D-002'], { cwd, env });
    const types = (JSON.parse(log.stdout) as { type: string; actor: string }[]).map((e) => `${e.type}:${e.actor}`);
    expect(types).toEqual(['doc.created:codex', 'doc.updated:gemini']);
  });

  it('task show lists the titles of the docs a task references', async () => {
    const add = await cpk(
      [
        'task',
        'add',
        '--title',
        'Use the token rules',
        '--context-refs',
        'D-001',
        '--context-refs',
        'src/auth.ts',
        '--context-refs',
        'd-3',
        '--context-refs',
        'D-404',
      ],
      { cwd, env },
    );
    expect(add.code, add.stderr).toBe(0);
    const number = add.json<{ task_number: string }>().task_number;
    const show = await cpk(['task', 'show', number], { cwd, env });
    expect(show.code, show.stderr).toBe(0);
    const task = show.json<{ context_refs: string[]; context_docs: { id: string; title: string }[] }>();
    expect(task.context_refs).toEqual(['D-001', 'src/auth.ts', 'd-3', 'D-404']);
    expect(task.context_docs).toEqual([
      { id: 'D-001', title: 'Token lifetime' },
      { id: 'D-003', title: 'From stdin' },
    ]);
    const human = await cpk(['task', 'show', number, '--human'], { cwd, env });
    expect(human.stdout).toMatch(/Docs to read:\n {2}D-001 {2}Token lifetime\n {2}D-003 {2}From stdin/);

    const plain = await cpk(['task', 'add', '--title', 'No docs'], { cwd, env });
    const shown = await cpk(['task', 'show', plain.json<{ task_number: string }>().task_number], { cwd, env });
    expect(shown.json()).not.toHaveProperty('context_docs');
  });

  it('fails clearly: usage errors exit 2, server refusals exit 1 with the code', async () => {
    const noType = await cpk(['docs', 'write', '--title', 'x', '--body', 'y'], { cwd, env });
    expect(noType.code).toBe(2);
    expect(noType.error().message).toMatch(/--type/);
    const badType = await cpk(['docs', 'write', '--type', 'memo', '--title', 'x', '--body', 'y'], { cwd, env });
    expect(badType.code).toBe(2);
    expect(badType.error().message).toMatch(/operational, decision, reference, learning/);
    const noBody = await cpk(['docs', 'write', '--type', 'learning', '--title', 'x'], { cwd, env });
    expect(noBody.code).toBe(2);
    expect(noBody.error().message).toMatch(/--body/);
    const both = await cpk(
      ['docs', 'write', '--type', 'learning', '--title', 'x', '--body', 'y', '--file', 'notes.md'],
      { cwd, env },
    );
    expect(both.code).toBe(2);
    const missingFile = await cpk(['docs', 'write', '--type', 'learning', '--title', 'x', '--file', 'nope.md'], {
      cwd,
      env,
    });
    expect(missingFile.code).toBe(2);
    expect(missingFile.error().message).toMatch(/nope\.md.*ENOENT/);
    const longTitle = await cpk(['docs', 'write', '--type', 'learning', '--title', 'x'.repeat(300), '--body', 'y'], {
      cwd,
      env,
    });
    expect(longTitle.code).toBe(1);
    expect(longTitle.error()).toMatchObject({ error: 'validation_error' });
    const unknown = await cpk(['docs', 'read', 'D-404'], { cwd, env });
    expect(unknown.code).toBe(1);
    expect(unknown.error().error).toBe('doc_not_found');
    expect(unknown.stdout).toBe('');
  });
});
