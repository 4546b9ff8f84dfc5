/** `cpk scan` and `cpk code` as real processes over real git repositories: output, errors, exit codes. */
import { afterAll, describe, expect, it } from 'vitest';
import { cpk } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';
import { gitRepo, write } from './git-repo.js';

afterAll(removeTempDirs);

const FILES = {
  'src/tasks.ts':
    "import { slug } from './util/index.js';\nexport function createTask(title: string) {\n  return slug(title);\n}\nexport class TaskQueue {\n  push() {}\n}\n",
  'src/util/index.ts': "export { slug } from './slug';\n",
  'src/util/slug.ts': 'export const slug = (s: string) => s.toLowerCase();\n',
  'src/cli.ts':
    "import { createTask } from './tasks';\nimport { readFileSync } from 'node:fs';\ncreateTask(String(readFileSync));\n",
};

describe('cpk scan and cpk code', () => {
  it('scans, then answers in compact JSON with relative file:line places, and --human tables', async () => {
    const root = gitRepo(FILES);
    const scan = await cpk(['scan'], { cwd: root });
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.json()).toMatchObject({
      files: 4,
      parsed: 4,
      removed: 0,
      mode: 'full',
      imports: { total: 4, resolved: 3, external: 1, unresolved: 0 },
    });

    const symbols = await cpk(['code', 'symbols', '--name', 'createTask'], { cwd: root });
    expect(symbols.stdout).toBe('[{"name":"createTask","kind":"function","at":"src/tasks.ts:2","exported":true}]\n');

    const fromSub = await cpk(['code', 'imports', '--file', 'tasks.ts'], { cwd: `${root}/src` });
    expect(fromSub.json()).toEqual([{ spec: './util/index.js', line: 1, file: 'src/util/index.ts', resolved: true }]);

    const deps = await cpk(['code', 'dependents', '--file', 'src/util/slug.ts', '--depth', '3'], { cwd: root });
    expect(deps.json()).toEqual([
      { at: 'src/util/index.ts:1', depth: 1 },
      { at: 'src/tasks.ts:1', depth: 2, via: ['src/util/index.ts'] },
      { at: 'src/cli.ts:1', depth: 3, via: ['src/tasks.ts', 'src/util/index.ts'] },
    ]);

    const human = await cpk(['code', 'symbols', '--kind', 'method', '--human'], { cwd: root });
    expect(human.stdout).toMatch(
      /^NAME\s+KIND\s+AT\s+EXPORTED\s+PARENT\npush\s+method\s+src\/tasks\.ts:6\s+yes\s+TaskQueue\n$/,
    );

    const summary = await cpk(['code', 'summary'], { cwd: root });
    expect(summary.json()).toMatchObject({
      files: 4,
      languages: { typescript: 4 },
      most_imported: [
        { file: 'src/tasks.ts', dependents: 1 },
        { file: 'src/util/index.ts', dependents: 1 },
        { file: 'src/util/slug.ts', dependents: 1 },
      ],
    });
    expect(summary.stdout).not.toContain(root);

    const map = await cpk(['code', 'map', '--tokens', '60'], { cwd: root });
    const m = map.json<{ tokens: number; files: { file: string; symbols: string[] }[] }>();
    expect(m.tokens).toBeLessThanOrEqual(60);
    expect(m.files[0]?.file).toBe('src/util/slug.ts');
  });

  it('a checkout never scanned is scanned on the first query', async () => {
    const root = gitRepo(FILES);
    const res = await cpk(['code', 'symbols', '--name', 'slug', '--exported'], { cwd: root });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toEqual([{ name: 'slug', kind: 'function', at: 'src/util/slug.ts:1', exported: true }]);
  });

  it('says what is wrong, with usage errors (2) apart from answers that find nothing (1)', async () => {
    const root = gitRepo(FILES);
    await cpk(['scan'], { cwd: root });
    const noFile = await cpk(['code', 'imports'], { cwd: root });
    expect(noFile.code).toBe(2);
    expect(noFile.error()).toEqual({ error: 'missing_option', message: 'cpk code imports needs --file <path>' });
    const kind = await cpk(['code', 'symbols', '--kind', 'widget'], { cwd: root });
    expect(kind.code).toBe(2);
    expect(kind.error().message).toMatch(/--kind must be one of function, class, .*got "widget"/);
    const depth = await cpk(['code', 'dependents', '--file', 'src/tasks.ts', '--depth', '0'], { cwd: root });
    expect(depth.code).toBe(2);
    const missing = await cpk(['code', 'dependents', '--file', 'src/nope.ts'], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.error().error).toBe('not_found');
    expect(missing.stdout).toBe('');
    const outside = await cpk(['code', 'imports', '--file', '/etc/hosts'], { cwd: root });
    expect(outside.code).toBe(2);
    expect(outside.error().message).toMatch(/outside the repository/);
    const both = await cpk(['scan', '--changed', '--install-hook'], { cwd: root });
    expect(both.code).toBe(2);
    const empty = await cpk(['code', 'symbols', '--name', 'nothingLikeThis', '--human'], { cwd: root });
    expect(empty.stdout).toBe('(no symbols match)\n');
  });

  it('outside git: walks the folder itself and keeps the index out of version control', async () => {
    const root = tempDir('cpk-code-plain-');
    write(root, { ...FILES, 'node_modules/pkg/index.js': 'export const x = 1;\n' });
    const res = await cpk(['scan'], { cwd: root });
    expect(res.json()).toMatchObject({ files: 4 });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${root}/.codepakt/.gitignore`, 'utf8')).toMatch(/^code\.db$/m);
  });
});
