/**
 * The `cpk` executable: starts the CLI bundle (cli-main.js, beside it) from V8's code cache. Every
 * `cpk` call is a new process, and compiling the bundle was a tenth of a call's own time. The cache
 * (cli-main.cache) is written by the build (scripts/seed-code-cache.ts), and again by any call that finds
 * it missing or made by another Node version, when the folder is writable; a cache that does not fit is
 * ignored by V8.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

interface CliMain {
  run(argv: string[]): Promise<number>;
}

const file = join(__dirname, 'cli-main.js');
const cacheFile = join(__dirname, 'cli-main.cache');

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});
// CPK_CODE_CACHE=write: the build's seed calls in turn, each adding what it compiled to the cache.
if (!cachedData || script.cachedDataRejected || process.env.CPK_CODE_CACHE === 'write') {
  // After the call, so that the functions it compiled are in the cache too.
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only install: every call compiles, as without a cache.
    }
  });
}
// A reader that stops early (`cpk task list | head -1`) closes the pipe: the call ends quietly (with
// the exit code set so far, 0 unless one was), as other command-line tools do, not with a stack trace.
// Attached as each stream is first made, not by making it here: output goes straight to fd 1
// (src/cli/output.ts), and making process.stdout loads node:stream, which a call without a request
// (`cpk code …`, `--version`) otherwise never needs.
for (const name of ['stdout', 'stderr'] as const) onFirstUse(name, endQuietlyOnEpipe);

function endQuietlyOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit();
  });
}

/** Run `setUp` on process[name] once something first reads it (Node makes the stream on that read). */
function onFirstUse(name: 'stdout' | 'stderr', setUp: (stream: NodeJS.WriteStream) => void): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  const make = own?.get;
  if (!own?.configurable || !make) {
    setUp(process[name]);
    return;
  }
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable ?? true,
    get() {
      if (!stream) {
        stream = make.call(process) as NodeJS.WriteStream;
        setUp(stream);
      }
      return stream;
    },
  });
}
const cliModule = { exports: {} as CliMain, filename: file };
const wrapper = script.runInThisContext() as (
  exports: unknown,
  require: NodeJS.Require,
  module: unknown,
  filename: string,
  dirname: string,
) => void;
wrapper.call(cliModule.exports, cliModule.exports, createRequire(file), cliModule, file, __dirname);
void cliModule.exports.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
