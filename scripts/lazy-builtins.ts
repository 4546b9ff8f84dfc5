/**
 * esbuild plugin for the CLI bundle: the named Node built-ins are loaded on first use instead of at
 * start-up. Every `cpk` call is a new process, and most never spawn a process (commander loads
 * child_process for executable subcommands we do not have) or speak TLS (https pulls in tls and
 * crypto): loading them eagerly cost each call several milliseconds.
 */
import type { Plugin } from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyBuiltins(names: readonly string[]): Plugin {
  const pattern = new RegExp(`^(node:)?(${names.map((n) => n.replace(/[^a-z_]/g, '')).join('|')})$`);
  return {
    name: 'lazy-builtins',
    setup(b) {
      b.onResolve({ filter: pattern }, (args) =>
        // The stub's own require is the real module, left to Node at run time.
        args.namespace === 'lazy-builtin'
          ? { path: args.path, external: true }
          : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
        // Same export names as the real module, each a getter that loads it.
        const keys = Object.keys(require(`node:${args.path}`) as object);
        const lines = [`let real;`, `const load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));`];
        for (const key of keys) {
          lines.push(
            `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => load()[${JSON.stringify(key)}] });`,
          );
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}
