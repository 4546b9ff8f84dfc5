import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { parseSearchQuery } from '../../../src/core/search-query.js';
import { ftsMatch } from '../../../src/db/sqlite/fts-query.js';
import { kb } from './helpers.js';

let t: TestApp;
let docs: ReturnType<typeof kb>;

beforeAll(async () => {
  t = createTestApp();
  const p = await t.project('search');
  docs = kb(t.api, p.id);
  // Written in an order unrelated to the expected ranking.
  await docs.write({
    type: 'learning',
    title: 'Deploy notes',
    body: 'The deploy script mentions authentication once, in passing.',
    tags: ['ops'],
  });
  await docs.write({
    type: 'decision',
    title: 'Authentication design',
    body: 'We issue short-lived tokens. Refresh happens at the gateway.',
    tags: ['auth', 'security'],
  });
  await docs.write({
    type: 'reference',
    title: 'Gateway',
    body: 'Authentication, authentication, authentication: the gateway checks every request.',
    tags: ['infra'],
  });
  await docs.write({
    type: 'operational',
    title: 'Café résumé',
    body: 'Notes about a naïve coöperative 日本語のテキスト.',
    tags: ['misc'],
  });
  await docs.write({
    type: 'learning',
    title: 'Database migrations',
    body: 'Run migrations before starting the server; the migration runner is idempotent.',
    tags: ['db'],
  });
});
afterAll(() => {
  t.close();
  removeTempDirs();
});

const ids = (res: { data?: { data: { id: string }[] } }) => res.data?.data.map((d) => d.id) ?? [];

describe('full-text search', () => {
  it('ranks a title match above body matches, even above a body that repeats the word', async () => {
    const res = await docs.search('authentication');
    expect(res.response.status).toBe(200);
    expect(ids(res)).toEqual(['D-002', 'D-003', 'D-001']);
    const scores = res.data!.data.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Among body-only matches, more occurrences rank higher.
    expect(scores[1]).toBeGreaterThan(scores[2]!);
  });

  it('returns a highlighted snippet and never the body', async () => {
    const hit = (await docs.search('gateway checks')).data!.data[0]!;
    expect(hit.id).toBe('D-003');
    expect(hit.snippet).toContain('**gateway**');
    expect(hit.snippet).toContain('**checks**');
    expect(hit).not.toHaveProperty('body');
    expect(hit).toMatchObject({ title: 'Gateway', type: 'reference', tags: ['infra'] });
  });

  it('when only the title matches, the snippet shows the title highlighted', async () => {
    const hit = (await docs.search('design')).data!.data[0]!;
    expect(hit.id).toBe('D-002');
    expect(hit.snippet).toContain('**design**');
    // Markdown bold in a body is not mistaken for a match.
    const kiwi = await docs.write({ type: 'learning', title: 'Kiwi plan', body: 'Some **bold** words only.' });
    expect((await docs.search('kiwi')).data!.data).toMatchObject([{ id: kiwi.id, snippet: '**Kiwi** plan' }]);
    await docs.update(kiwi.id, { title: 'Retired note', body: '' });
  });

  it('needs every word, and falls back to any word when no doc has them all', async () => {
    expect(ids(await docs.search('tokens gateway'))).toEqual(['D-002']);
    const any = ids(await docs.search('tokens nonexistentword'));
    expect(any).toEqual(['D-002']);
  });

  it('matches prefixes, phrases, word forms and folds case and diacritics', async () => {
    expect(ids(await docs.search('auth*'))).toEqual(expect.arrayContaining(['D-001', 'D-002', 'D-003']));
    expect(ids(await docs.search('auth'))).toEqual(['D-002']); // the tag, not a prefix
    expect(ids(await docs.search('"short-lived tokens"'))).toEqual(['D-002']);
    expect(ids(await docs.search('"tokens short-lived"'))).toEqual([]); // a phrase keeps its word order
    expect(ids(await docs.search('MIGRATION'))).toEqual(['D-005']);
    expect(ids(await docs.search('cafe resume cooperative'))).toEqual(['D-004']);
    expect(ids(await docs.search('日本語のテキスト'))).toEqual(['D-004']);
  });

  it('leaves out docs holding an excluded term, also in the any-word fallback', async () => {
    expect(ids(await docs.search('authentication -gateway'))).toEqual(['D-001']);
    expect(ids(await docs.search('authentication -"short-lived tokens" -infra'))).toEqual(['D-001']);
    expect(ids(await docs.search('auth* -deploy*'))).toEqual(['D-002', 'D-003']);
    expect(ids(await docs.search('migrations deploy')).sort()).toEqual(['D-001', 'D-005']);
    expect(ids(await docs.search('migrations deploy -runner'))).toEqual(['D-001']);
    // Nothing left to look for: no error, no hits.
    expect(ids(await docs.search('-authentication'))).toEqual([]);
  });

  it('searches tags and filters by type and tag', async () => {
    expect(ids(await docs.search('security'))).toEqual(['D-002']);
    expect(ids(await docs.search('authentication', { type: 'learning' }))).toEqual(['D-001']);
    expect(ids(await docs.search('authentication', { tag: 'infra' }))).toEqual(['D-003']);
    expect(ids(await docs.search('authentication', { tag: 'nope' }))).toEqual([]);
    expect(ids(await docs.search('authentication', { limit: 1 }))).toEqual(['D-002']);
  });

  it('sees updates and no longer finds replaced words', async () => {
    const created = await docs.write({ type: 'learning', title: 'Scratch', body: 'zebracorn appears here' });
    expect(ids(await docs.search('zebracorn'))).toEqual([created.id]);
    await docs.update(created.id, { body: 'now about unicornfish' });
    expect(ids(await docs.search('zebracorn'))).toEqual([]);
    expect(ids(await docs.search('unicornfish'))).toEqual([created.id]);
  });

  const hostile = [
    '"foo',
    'a AND',
    'AND',
    'OR OR',
    'NOT',
    '*',
    '**',
    'auth**',
    '"',
    '""',
    '"""',
    'NEAR(',
    'NEAR(a b, 2)',
    '-',
    '-auth',
    '+',
    '^',
    'title:auth',
    '{title body}: x',
    '(',
    ')',
    '(auth',
    'a OR (b',
    "'",
    ';DROP TABLE docs;--',
    '\\',
    '\u0000',
    '\u0301',
    '🙂',
    '🙂 auth',
    'ǅ',
    ' ',
    '\t\n',
    'a'.repeat(500),
    '"a" "b" "c',
  ];

  it('answers every hostile query with 200, never an error', async () => {
    for (const q of hostile) {
      const res = await docs.search(q);
      expect(res.response.status, `query ${JSON.stringify(q)}: ${JSON.stringify(res.error)}`).toBe(200);
      expect(Array.isArray(res.data?.data)).toBe(true);
    }
    // Syntax characters around real words still find them.
    expect(ids(await docs.search('"authentication'))).toContain('D-002');
    expect(ids(await docs.search('(gateway) AND'))).toContain('D-003');
  });

  it('answers arbitrary strings with 200 (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80, unit: 'grapheme' }), fc.string({ maxLength: 20 }), async (a, b) => {
        const res = await docs.search(`${a} ${b}`.slice(0, 500));
        return res.response.status === 200;
      }),
      { numRuns: 300 },
    );
  });

  it('rejects an over-long query and bad filters with 400 naming the field', async () => {
    const long = await docs.search('a'.repeat(501));
    expect(long.response.status).toBe(400);
    expect(JSON.stringify(long.error)).toContain('"path":"q"');
    const badType = await t.api.GET('/api/docs/search', {
      params: { query: { ...docs.q, q: 'x', type: 'memo' as never } },
    });
    expect(badType.response.status).toBe(400);
    expect(JSON.stringify(badType.error)).toContain('"path":"type"');
    const badLimit = await docs.search('x', { limit: 0 });
    expect(badLimit.response.status).toBe(400);
  });
});

describe('safe query building', () => {
  const fts = (q: string, mode: 'all' | 'any' = 'all') => ftsMatch(parseSearchQuery(q).terms, mode);

  it('quotes every term, keeps phrases and trailing-star prefixes, drops what has no letter or digit', () => {
    expect(fts('auth* "token lifetime" NEAR(')).toBe('"auth"* "token lifetime" "NEAR("');
    expect(fts('a b', 'any')).toBe('"a" OR "b"');
    expect(fts('* - ( " ""')).toBeNull();
    expect(fts('"foo')).toBe('"foo"');
  });

  it('puts the excluded terms after NOT, and has nothing to match when every term is excluded', () => {
    expect(fts('auth* -x -"old token"*')).toBe('("auth"*) NOT ("x" OR "old token"*)');
    expect(fts('a b -c', 'any')).toBe('("a" OR "b") NOT ("c")');
    expect(fts('-x -y')).toBeNull();
  });

  it('doubles a quote in a term built by hand, so the text stays one string', () => {
    expect(ftsMatch([{ kind: 'word', text: 'a"b', prefix: false, exclude: false }], 'all')).toBe('"a""b"');
  });
});
