/** Bundle the CLI, the server and the dashboard into dist/, with migrations and the API reference script. */
import { build, type BuildOptions } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const finalDist = join(root, 'dist');
const require = createRequire(import.meta.url);

// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
const requireShim = "import { createRequire as __cpkCreateRequire } from 'node:module'; const require = __cpkCreateRequire(import.meta.url);";

const node: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['better-sqlite3'],
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Build into a fresh folder and swap it in with renames, so a process starting from dist/ (a test
 * running `cpk` while another run rebuilds) never sees a half-written bundle.
 */
export async function buildAll(): Promise<void> {
  const dist = `${finalDist}.build-${process.pid}`;
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await buildInto(dist);
  const old = `${finalDist}.old-${process.pid}`;
  if (existsSync(finalDist)) renameSync(finalDist, old);
  renameSync(dist, finalDist);
  rmSync(old, { recursive: true, force: true });
}

async function buildInto(dist: string): Promise<void> {
  await Promise.all([
    build({ ...node, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(dist, 'cli.js'), banner: { js: `#!/usr/bin/env node\n${requireShim}` } }),
    build({ ...node, entryPoints: [join(root, 'src/server/main.ts')], outfile: join(dist, 'server.js'), banner: { js: requireShim } }),
    build({
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'esm',
      entryPoints: [join(root, 'dashboard/src/main.tsx')],
      outfile: join(dist, 'dashboard/app.js'),
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: true,
      sourcemap: true,
      logLevel: 'warning',
    }),
  ]);
  chmodSync(join(dist, 'cli.js'), 0o755);
  cpSync(join(root, 'src/db/migrations'), join(dist, 'migrations'), { recursive: true });
  cpSync(join(root, 'dashboard/public'), join(dist, 'dashboard'), { recursive: true });
  cpSync(require.resolve('@scalar/api-reference/browser/standalone.js'), join(dist, 'scalar.js'));
  cpSync(join(root, 'templates'), join(dist, 'templates'), { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll();
  console.log('built dist/');
}
