import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpk, initProject } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';

let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

useServer(async (s) => {
  project = await initProject(s);
});

describe('cpk task add --batch', () => {
  it('reads the batch from standard input with -, and takes list fields as comma strings as the flags do', async () => {
    const batch = [
      { title: 'schema', key: 'schema' },
      { title: 'api', depends_on: 'T-001', tags: 'backend, api', key: 'api' },
    ];
    const res = await cpk(['task', 'add', '--batch', '-'], { ...project, input: JSON.stringify(batch) });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ created: 2 });
    const show = await cpk(['task', 'show', 'T-002'], project);
    expect(show.json()).toMatchObject({ depends_on: ['T-001'], tags: ['backend', 'api'], status: 'backlog' });
  });

  it('names every bad item at once, from the file and from the server', async () => {
    const file = join(project.cwd, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify([
        { title: 'ok' },
        { title: 'x', colour: 'red' },
        'not an object',
        { title: 'y', owner: 'z', size: 3 },
      ]),
    );
    const local = await cpk(['task', 'add', '--batch', file], project);
    expect(local.code).toBe(2);
    const message = local.error().message;
    expect(message).toContain('[1] has unknown key colour');
    expect(message).toContain('[2] must be an object');
    expect(message).toContain('[3] has unknown keys owner, size');

    writeFileSync(file, JSON.stringify([{ title: '' }, { title: 'fine' }, { title: 'z', priority: 'P9' }]));
    const remote = await cpk(['task', 'add', '--batch', file], project);
    expect(remote.code).toBe(1);
    const paths = ((remote.error().details ?? []) as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['0.title', '2.priority']));
    // Nothing of a refused batch is created.
    const list = await cpk(['task', 'list'], project);
    expect(JSON.stringify(list.json())).not.toContain('fine');
  });

  it('says so when standard input is not a batch', async () => {
    const res = await cpk(['task', 'add', '--batch', '-'], { ...project, input: 'nope' });
    expect(res.code).toBe(2);
    expect(res.error().message).toMatch(/standard input is not valid JSON/);
  });
});
