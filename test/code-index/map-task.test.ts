/** `cpk code map --task`: the task comes from the server, the code from the checkout. Real server, real cpk. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpk, initProject, type RunningServer, startServer } from '../helpers/processes.js';
import { removeTempDirs } from '../helpers/temp.js';
import { gitIn, write } from './git-repo.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

describe('cpk code map --task', () => {
  it('ranks toward the files and identifiers the task names; an unknown task is task_not_found', async () => {
    const { cwd, env } = await initProject(server, 'code-map');
    gitIn(cwd, 'init', '-q');
    const files: Record<string, string> = { 'src/core.ts': 'export function core() {}\n' };
    for (let i = 0; i < 12; i++)
      files[`src/m${i}.ts`] = `import { core } from './core';\nexport function use${i}() { return core(); }\n`;
    files['src/billing/invoice.ts'] = 'export function renderInvoice() {}\nexport const INVOICE_PREFIX = "INV";\n';
    write(cwd, files);
    const add = await cpk(
      ['task', 'add', '--title', 'Fix renderInvoice rounding', '--description', 'See src/billing/invoice.ts'],
      { cwd, env },
    );
    expect(add.code, add.stderr).toBe(0);

    const plain = await cpk(['code', 'map', '--tokens', '60'], { cwd, env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.json<{ files: { file: string }[] }>().files[0]?.file).toBe('src/core.ts');

    const focused = await cpk(['code', 'map', '--tokens', '60', '--task', 'T-001'], { cwd, env });
    expect(focused.code, focused.stderr).toBe(0);
    const map = focused.json<{ tokens: number; files: { file: string; symbols: string[] }[] }>();
    expect(map.files[0]).toEqual({ file: 'src/billing/invoice.ts', symbols: ['renderInvoice:1', 'INVOICE_PREFIX:2'] });
    expect(map.tokens).toBeLessThanOrEqual(60);

    const missing = await cpk(['code', 'map', '--task', 'T-999'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.error().error).toBe('task_not_found');
    const tokens = await cpk(['code', 'map', '--tokens', 'lots'], { cwd, env });
    expect(tokens.code).toBe(2);
    expect(tokens.error().message).toMatch(/--tokens must be an integer/);
  });
});
