/** Bundle the CLI, the server and the dashboard into dist/, with migrations and the API reference script. */
import { build, type BuildOptions } from 'esbuild';
import { lazyBuiltins } from './lazy-builtins.js';
import { seedCompileCache } from './seed-code-cache.js';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const finalDist = join(root, 'dist');
const require = createRequire(import.meta.url);

// Both Node bundles are CommonJS (dist/package.json says so). Every `cpk` call is a new process, and
// Node's ES module loader, with the ES facades of the built-ins it imports, cost each call ~15 ms.
// The sources are ES modules: import.meta.url becomes the bundle's own file URL.
const moduleUrlShim = "'use strict';\nconst __cpkModuleUrl = require('node:url').pathToFileURL(__filename).href;";

const node: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Native or loaded at run time from node_modules: the SQLite addon, and the PostgreSQL driver (whose
  // optional native and Cloudflare parts a bundle cannot resolve).
  external: ['better-sqlite3', 'pg'],
  define: { 'import.meta.url': '__cpkModuleUrl' },
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
    build({
      ...node,
      entryPoints: [join(root, 'src/cli/main.ts')],
      outfile: join(dist, 'cli-main.js'),
      banner: { js: moduleUrlShim },
      plugins: [lazyBuiltins(['child_process', 'https', 'net', 'crypto', 'stream'])],
      // Less to read and parse on every call; names are kept.
      minifyWhitespace: true,
      minifySyntax: true,
    }),
    // `cpk mcp` only: the MCP SDK stays out of every other call's bundle.
    build({
      ...node,
      entryPoints: [join(root, 'src/cli/commands/mcp-stdio.ts')],
      outfile: join(dist, 'cli-mcp.js'),
      banner: { js: moduleUrlShim },
    }),
    // `cpk scan`'s parse workers (src/code-index/parse-files.ts): the parser and extractors only.
    build({
      ...node,
      entryPoints: [join(root, 'src/code-index/parse-worker.ts')],
      outfile: join(dist, 'cli-parse-worker.js'),
      banner: { js: moduleUrlShim },
    }),
    // The executable: loads cli-main.js from V8's code cache.
    build({
      ...node,
      entryPoints: [join(root, 'src/cli/bin.ts')],
      outfile: join(dist, 'cli.js'),
      banner: { js: '#!/usr/bin/env node' },
    }),
    build({
      ...node,
      entryPoints: [join(root, 'src/server/main.ts')],
      outfile: join(dist, 'server.js'),
      banner: { js: moduleUrlShim },
    }),
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
  writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
  cpSync(join(root, 'src/db/sqlite/migrations'), join(dist, 'migrations'), { recursive: true });
  cpSync(join(root, 'src/db/postgres/migrations'), join(dist, 'postgres-migrations'), { recursive: true });
  cpSync(join(root, 'dashboard/public'), join(dist, 'dashboard'), { recursive: true });
  cpSync(require.resolve('@scalar/api-reference/browser/standalone.js'), join(dist, 'scalar.js'));
  cpSync(join(root, 'templates'), join(dist, 'templates'), { recursive: true });
  const seeded = await seedCompileCache(dist);
  if (!seeded.answered)
    console.warn(`cpk's code cache covers start-up only: the built server did not answer (${seeded.reason})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll();
  console.log('built dist/');
}
