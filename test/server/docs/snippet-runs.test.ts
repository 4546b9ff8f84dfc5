import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { kb } from './helpers.js';

/** Search hits as a reader highlights them: matched runs apart from the doc's own `**`, tags as words. */

let t: TestApp;
let docs: ReturnType<typeof kb>;

const hits = async (q: string, runs = true) => {
  const res = await t.api.GET('/api/docs/search', {
    params: { query: { ...docs.q, q, ...(runs ? { runs: 'true' as const } : {}) } },
  });
  if (!res.data) throw new Error(JSON.stringify(res.error));
  return res.data.data;
};

beforeAll(async () => {
  t = createTestApp();
  docs = kb(t.api, (await t.project('runs')).id);
  await docs.write({ type: 'decision', title: 'Payments', body: 'We chose **Stripe** for the password reset too.' });
  await docs.write({ type: 'learning', title: 'Quirks', body: 'Nothing to see.', tags: ['webhooks', 'gotcha'] });
});
afterAll(async () => {
  await t?.close();
  removeTempDirs();
});

describe('snippet runs', () => {
  it('marks only the matched word; the doc’s own bold stays text', async () => {
    const [hit] = await hits('password');
    const runs = hit?.snippet_runs ?? [];
    expect(runs.filter((r) => r.match).map((r) => r.text.toLowerCase())).toEqual(['password']);
    expect(runs.map((r) => r.text).join('')).toContain('**Stripe**');
  });

  it('a prefix query marks the whole word', async () => {
    const [hit] = await hits('pass*');
    expect(hit?.snippet_runs?.filter((r) => r.match).map((r) => r.text.toLowerCase())).toEqual(['password']);
  });

  it('a tag match reads as #tags, not as a JSON array', async () => {
    const [hit] = await hits('gotcha');
    expect(hit?.snippet).not.toMatch(/[[\]"]/);
    expect(hit?.snippet).toContain('gotcha');
    expect(hit?.snippet_runs?.some((r) => r.match && r.text === 'gotcha')).toBe(true);
  });

  it('without runs=true the answer is as before (no snippet_runs), so agents pay nothing for it', async () => {
    const [hit] = await hits('password', false);
    expect(hit).not.toHaveProperty('snippet_runs');
    expect(hit?.snippet).toMatch(/\*\*password\*\*/i);
  });
});
