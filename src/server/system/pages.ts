import { Scalar } from '@scalar/hono-api-reference';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StaticFolder, toArrayBuffer } from './static-files.js';

export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Scalar boots from one inline script tag; everything it loads comes from this server. That tag is
 * allowed by its hash, not by 'unsafe-inline', and nothing may be evaluated from strings (no
 * 'unsafe-eval'): the reference renders without either (test/e2e/hardening/reference-csp.test.ts).
 * Styles stay inline: Scalar sets them on elements and in the tags it adds at run time.
 */
export function referenceCsp(html: string): string {
  const hashes = inlineScripts(html).map(
    (body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
  );
  return `default-src 'self'; script-src 'self' ${hashes.join(' ')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}

/** The text of every `<script>` without a src, exactly as the browser hashes it. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc\s*=/i.test(m[1] ?? ''))
    .map((m) => m[2] ?? '');
}

const PLACEHOLDER = `<!doctype html><html><head><meta charset="utf-8"><title>codepakt</title></head>
<body><h1>codepakt</h1><p>The dashboard is not built. Run <code>npm run build</code>.</p>
<p><a href="/reference">API reference</a> · <a href="/openapi.json">OpenAPI document</a></p></body></html>`;

/** `/` (dashboard), `/reference` (Scalar, served offline) and `/openapi.json`. */
export function registerPages(app: App, deps: AppDeps, openapiDocument: () => unknown): void {
  // The served document names the server that serves it, so the reference's examples work as shown.
  app.get('/openapi.json', (c) => {
    const doc = openapiDocument() as Record<string, unknown>;
    return c.json({ ...doc, servers: [{ url: new URL(c.req.url).origin, description: 'This server' }] });
  });

  let scalarScript: ArrayBuffer | null | undefined;
  app.get('/reference/scalar.js', (c) => {
    if (scalarScript === undefined)
      scalarScript = deps.scalarScript ? toArrayBuffer(readFileSync(deps.scalarScript)) : null;
    if (!scalarScript) return c.json({ error: 'not_found', message: 'API reference script is not bundled' }, 404);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(scalarScript);
  });
  const reference = Scalar({
    url: '/openapi.json',
    cdn: '/reference/scalar.js',
    pageTitle: 'codepakt API reference',
    withDefaultFonts: false,
    hideClientButton: true,
    telemetry: false,
    // The built-in assistant fetches curated APIs from Scalar's servers on load; offline means off.
    agent: { disabled: true },
    // Its developer toolbar (Share, Deploy, Configure) points at Scalar's hosted service: not ours, and offline.
    showDeveloperTools: 'never',
    showToolbar: 'never',
  } as Parameters<typeof Scalar>[0]);
  app.get('/reference', async (c, next) => {
    const html = await ((await reference(c as never, next)) as Response).text();
    c.header('Content-Security-Policy', referenceCsp(html));
    return c.html(html);
  });

  const folder = deps.dashboardDir ? new StaticFolder(deps.dashboardDir) : null;
  app.get('/*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/')) return next();
    const file = folder?.get(path === '/' ? 'index.html' : path.slice(1));
    if (path === '/' || file) {
      c.header('Content-Security-Policy', DASHBOARD_CSP);
      if (!file) return c.html(PLACEHOLDER);
      c.header('Content-Type', file.type);
      c.header('Cache-Control', path === '/' ? 'no-cache' : 'public, max-age=300');
      return c.body(file.body);
    }
    return next();
  });
}
