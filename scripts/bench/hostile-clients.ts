/**
 * Clients that cost the server without doing work, in a process of their own (their reading must not
 * slow the load client): `streams <url> <project> <n>` holds n event streams open and reads them;
 * `slow-readers <url> <project> <n> <requests>` opens n connections that each pipeline `requests`
 * reads of 1,000 tasks and never read an answer. Prints `ready` once all are in place; runs until killed.
 */
import { connect, type Socket } from 'node:net';

const [mode, baseUrl, projectId, countText, requestsText] = process.argv.slice(2);
const url = new URL(baseUrl ?? '');
if (url.hostname !== '127.0.0.1') throw new Error('bench clients only talk to 127.0.0.1');
const count = Number(countText);
const sockets: Socket[] = [];

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: url.hostname, port: Number(url.port) }, () => resolve(s));
    s.once('error', reject);
    sockets.push(s);
  });
}

async function streams(): Promise<void> {
  let received = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const s = await open();
      await new Promise<void>((resolve) => {
        // Only the opening is looked at; after it, bytes are counted, as a dashboard that keeps up reads them.
        let head: string | undefined = '';
        s.on('data', (d: Buffer) => {
          received += d.length;
          if (head !== undefined && (head += d.toString('latin1')).includes(': connected')) {
            head = undefined;
            resolve();
          }
        });
        s.write(
          `GET /api/events/stream?project_id=${projectId} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
        );
      });
    }),
  );
  process.on('SIGTERM', () => {
    process.stdout.write(`received ${received}\n`);
    process.exit(0);
  });
}

async function slowReaders(): Promise<void> {
  const request = `GET /api/tasks?limit=1000&project_id=${projectId} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(
    Number(requestsText),
  );
  for (let i = 0; i < count; i++) {
    const s = await open();
    s.pause();
    s.write(request);
  }
  process.on('SIGTERM', () => process.exit(0));
}

await (mode === 'streams' ? streams() : slowReaders());
process.stdout.write('ready\n');
setInterval(() => undefined, 1 << 30);
