import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadClient } from '../../scripts/bench/http.js';

/** The bench's load client frames answers by hand: each framing node:http's server uses, checked against it. */
describe('bench load client', () => {
  let server: Server;
  let url: string;
  const connections = new Set<number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      connections.add(req.socket.remotePort ?? 0);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        if (path === '/echo') {
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        } else if (path === '/chunked') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"parts":[');
          res.write('"ä",'.repeat(5000));
          res.end('"end"]}');
        } else if (path === '/empty') {
          res.writeHead(204).end();
        } else if (path === '/close') {
          res.writeHead(200, { connection: 'close', 'content-length': 2 }).end('ok');
        } else {
          res.writeHead(404, { 'content-length': 0 }).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads fixed-length, chunked and empty answers, and reuses its connections', async () => {
    const client = new LoadClient(url, 2);
    try {
      const payload = JSON.stringify({ title: 'ü'.repeat(100_000) });
      expect(await client.sendRaw('POST', '/echo', payload)).toEqual({ status: 201, body: payload });
      expect(await client.sendRaw('POST', '/echo', payload, 201)).toEqual({ status: 201, body: '' });
      const chunked = await client.send('GET', '/chunked');
      expect((JSON.parse(chunked.body) as { parts: string[] }).parts).toHaveLength(5001);
      expect(await client.send('GET', '/empty')).toEqual({ status: 204, body: '' });
      expect((await client.send('GET', '/nothing')).status).toBe(404);
      const before = connections.size;
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.send('POST', '/echo', { i })));
      expect(answers.map((a) => (JSON.parse(a.body) as { i: number }).i)).toEqual([...Array(20).keys()]);
      expect(connections.size - before).toBeLessThanOrEqual(2);
    } finally {
      client.close();
    }
  });

  it('opens a new connection after the server closes one', async () => {
    const client = new LoadClient(url, 1);
    try {
      for (let i = 0; i < 3; i++) expect(await client.send('GET', '/close')).toEqual({ status: 200, body: 'ok' });
      expect(await client.send('POST', '/echo', { after: 'close' })).toEqual({
        status: 201,
        body: '{"after":"close"}',
      });
    } finally {
      client.close();
    }
  });
});
