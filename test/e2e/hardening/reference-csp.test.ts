import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, startServer, type RunningServer } from '../../helpers/processes.js';
import { closeSuite, launchBrowser } from '../dashboard/browser.js';

let server: RunningServer;
let browser: Browser;
const pages: { close(): Promise<unknown> }[] = [];
beforeAll(async () => {
  server = await startServer({ env: { CPK_TOKEN: '', CPK_HOST: '' } });
  browser = await launchBrowser();
});
afterAll(() => closeSuite(pages, browser, server));

function directive(csp: string, name: string): string[] {
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((parts) => parts[0] === name);
  if (!found) throw new Error(`no ${name} in ${csp}`);
  return found.slice(1);
}

/**
 * Where the bundled Scalar probes whether it may evaluate strings (Zod's `allowsEval`: `try { new
 * Function("") } catch`), as line:column. With no 'unsafe-eval' that probe is refused, which is its
 * point: Zod then validates without generated code. It is the one violation the page may report.
 */
function evalProbe(): string {
  const lines = readFileSync(join(ROOT, 'dist/scalar.js'), 'utf8').split('\n');
  const probes = lines.flatMap((line, i) => {
    const column = line.indexOf('try{return new Function(""),!0}catch');
    return column < 0 ? [] : [`${i + 1}:${column + 'try{return '.length + 1}`];
  });
  expect(probes, 'the eval probe in dist/scalar.js').toHaveLength(1);
  return probes[0]!;
}

describe('/reference Content-Security-Policy', { timeout: 180_000 }, () => {
  it('allows no eval and no inline script but its own bootstrap tag, by hash', async () => {
    const res = await fetch(`${server.url}/reference`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const html = await res.text();
    expect(csp).not.toContain('unsafe-eval');
    const scripts = directive(csp, 'script-src');
    expect(scripts).not.toContain("'unsafe-inline'");
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(
      (m) => !/\bsrc\s*=/i.test(m[1] ?? ''),
    );
    expect(inline).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(inline[0]![2]!, 'utf8').digest('base64')}'`;
    expect(scripts).toEqual(["'self'", hash]);
    for (const name of ['img-src', 'worker-src']) expect(directive(csp, name), name).not.toContain('blob:');
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
  });

  it('Chromium, enforcing it, renders the whole API with no console error and no violation but Zod’s eval probe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    pages.push(context);
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const file = e.sourceFile.replace(location.origin, '');
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${e.effectiveDirective} ${e.blockedURI} ${e.disposition} ${file}:${e.lineNumber}:${e.columnNumber}`,
        );
      });
    });
    await page.goto(`${server.url}/reference`, { waitUntil: 'networkidle' });
    await page.getByText('Liveness, version and uptime').first().waitFor();
    const closed = page.locator('li[data-sidebar-id*="/tag/"] > div > button[aria-expanded="false"]:visible');
    for (let i = 0; i < 20 && (await closed.count()) > 0; i++) await closed.first().click();
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    const summaries = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .map((op) => op.summary)
        .filter((s): s is string => !!s),
    );
    expect(summaries.length).toBeGreaterThan(20);
    const body = await page.evaluate(() => document.body.textContent);
    expect(summaries.filter((s) => !body.includes(s))).toEqual([]);
    // Scrolling renders the sections further down (lazily, by script).
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(500);

    expect(errors).toEqual([]);
    const probe = `script-src eval enforce /reference/scalar.js:${evalProbe()}`;
    expect(violations.length, violations.join('\n')).toBeGreaterThan(0);
    expect(
      violations.filter((v) => v !== probe),
      `allowed: ${probe}`,
    ).toEqual([]);

    // The probe's violation is eval being refused. An inline script injected later is refused too.
    const before = violations.length;
    const ran = await page.evaluate(() => {
      const tag = document.createElement('script');
      tag.textContent = 'window.injected = "ran"';
      document.head.append(tag);
      return (window as unknown as { injected?: string }).injected ?? 'refused';
    });
    expect(ran).toBe('refused');
    await expect
      .poll(() => violations.slice(before).some((v) => v.startsWith('script-src-elem inline enforce')))
      .toBe(true);
  });
});
