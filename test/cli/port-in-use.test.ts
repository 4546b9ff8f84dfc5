import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { cpk } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

afterAll(() => removeTempDirs());

describe('a port in use', () => {
  it('cpk server start names the port and --port, in the background and in the foreground', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      for (const extra of [[], ['--foreground']]) {
        const res = await cpk(['server', 'start', '--port', String(port), ...extra], {
          env: { CPK_DATA_DIR: tempDir('cpk-port-'), CPK_URL: '', CPK_PORT: '' },
        });
        expect(res.code, extra.join(' ')).toBe(1);
        const err = res.error();
        expect(err.error).toBe('start_failed');
        expect(err.message).toContain(`port ${port} on 127.0.0.1 is already in use`);
        expect(err.message).toContain('--port');
        expect(err.message).not.toContain('EADDRINUSE');
      }
    } finally {
      squatter.close();
    }
  });
});
