/** Reading the server log for `cpk server logs`. */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, watch } from 'node:fs';

/** The last `n` lines of `file`, without the final newline; '' when it does not exist. */
export function lastLines(file: string, n: number): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

/** Print what is appended to `file` until SIGINT/SIGTERM; a truncated file is read again from its start. */
export function followLog(file: string, write: (text: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let offset = statSync(file).size;
    const pump = () => {
      const size = statSync(file).size;
      if (size < offset) offset = 0;
      if (size === offset) return;
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = size;
      write(buf.toString('utf8'));
    };
    const watcher = watch(file, pump);
    const timer = setInterval(pump, 500);
    const stop = () => {
      watcher.close();
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
