import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { systemClock } from '../../../src/core/clock.js';
import { SqliteCatalog } from '../../../src/db/sqlite/catalog.js';
import { createApp } from '../../../src/server/app.js';
import { ROOT, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

/** Every URL a page pulls in: src/href attributes, CSS url(…) and @import. */
function referencedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|action|poster|data)\s*=\s*["']([^"']*)["']/gi)) urls.push(m[1] ?? '');
  for (const m of html.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/gi)) urls.push(m[1] ?? '');
  for (const m of html.matchAll(/@import\s+["']([^"']+)["']/gi)) urls.push(m[1] ?? '');
  return urls;
}

/** Same-origin: a path on this server, or a fragment; never a scheme or a `//host`. */
function isSameOrigin(url: string): boolean {
  if (url.startsWith('#') || url.startsWith('data:')) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !url.startsWith('\\\\');
}

function expectNoExternalHost(html: string, page: string): void {
  for (const url of referencedUrls(html)) expect(isSameOrigin(url), `${page} references ${url}`).toBe(true);
  // Inline configuration (e.g. the reference's bootstrap script) must not name a host either.
  expect(html, `${page} names an external host`).not.toMatch(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+/i);
}

function expectCspSelfOnly(csp: string | null, page: string): void {
  expect(csp, `${page} Content-Security-Policy`).toBeTruthy();
  expect(csp, `${page} CSP allows only this server`).not.toMatch(/https?:|\*|\/\//);
}

describe('pages in-process', () => {
  const dataDir = tempDir('cpk-data-');
  const catalog = new SqliteCatalog(dataDir, systemClock);
  const require = createRequire(import.meta.url);
  const app = createApp({
    catalog,
    clock: systemClock,
    startedAt: new Date(),
    scalarScript: require.resolve('@scalar/api-reference/browser/standalone.js'),
  });
  afterAll(() => catalog.close());

  it('/reference is the Scalar page loading our own script and our own document', async () => {
    const res = await app.request('http://localhost/reference');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(referencedUrls(html)).toContain('/reference/scalar.js');
    expect(html).toContain('"/openapi.json"');
    expectNoExternalHost(html, '/reference');
    expectCspSelfOnly(res.headers.get('content-security-policy'), '/reference');
  });

  it('/reference/scalar.js is served by this server as JavaScript', async () => {
    const res = await app.request('http://localhost/reference/scalar.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const body = await res.text();
    expect(body.length).toBeGreaterThan(100_000);
    expect(body).toContain('createApiReference');
  });

  it('/ without a built dashboard is a placeholder page with only local links', async () => {
    const res = await app.request('http://localhost/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(referencedUrls(html)).toEqual(expect.arrayContaining(['/reference', '/openapi.json']));
    expectNoExternalHost(html, '/');
    expectCspSelfOnly(res.headers.get('content-security-policy'), '/');
  });

  it('static files never escape the dashboard folder', async () => {
    const withDashboard = createApp({
      catalog,
      clock: systemClock,
      startedAt: new Date(),
      dashboardDir: join(ROOT, 'dashboard/public'),
    });
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/../../etc/passwd']) {
      const res = await withDashboard.request(`http://localhost${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe('not_found');
    }
  });
});

describe('pages on a real server process', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });

  it('/ serves the dashboard, every asset it references is ours and is served', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expectNoExternalHost(html, '/');
    expectCspSelfOnly(res.headers.get('content-security-policy'), '/');
    const assets = referencedUrls(html).filter((u) => u.startsWith('/') && !u.startsWith('//'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const a = await fetch(`${server.url}${asset}`);
      expect(a.status, asset).toBe(200);
      await a.arrayBuffer();
    }
  });

  it('/reference, /reference/scalar.js and /openapi.json answer with no internet needed', async () => {
    const page = await fetch(`${server.url}/reference`);
    expect(page.status).toBe(200);
    expectNoExternalHost(await page.text(), '/reference');

    const script = await fetch(`${server.url}/reference/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);

    const doc = await fetch(`${server.url}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\.1\./);
  });
});
