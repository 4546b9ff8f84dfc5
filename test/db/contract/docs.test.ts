import { beforeAll, expect, it } from 'vitest';
import type { ProjectStore } from '../../../src/core/ports.js';
import { describeEachBackend, refusal } from './backends.js';

/** A small knowledge base whose words exercise stemming, diacritics, phrases, prefixes and tags. */
const DOCS = [
  { type: 'decision', title: 'Database migrations', body: 'We migrate the schema with plain SQL files.', tags: ['db'] },
  {
    type: 'reference',
    title: 'Auth tokens',
    body: 'Tokens expire; the token life is one hour. Authentication uses bearer tokens.',
    tags: ['security', 'api'],
  },
  {
    type: 'learning',
    title: 'Café notes',
    body: 'The café downstairs has wifi. Running the tests takes a minute.',
    tags: [],
  },
  {
    type: 'operational',
    title: 'Deploy runbook',
    body: 'Deploy with the release script; roll back with git revert. See the auth guide.',
    tags: ['ops'],
  },
  {
    type: 'reference',
    title: 'Foo-bar protocol',
    body: 'The foo-bar handshake: client hello, server hello.',
    tags: ['api'],
  },
] as const;

/** Query → the titles it finds (any order: ranks differ between backends). */
const EXPECTED: [string, string[]][] = [
  ['migration', ['Database migrations']],
  ['MIGRATING schema', ['Database migrations']],
  ['cafe', ['Café notes']],
  ['café wifi', ['Café notes']],
  ['"token life"', ['Auth tokens']],
  ['"life token"', []],
  ['auth*', ['Auth tokens', 'Deploy runbook']],
  ['"token li"*', ['Auth tokens']],
  ['tokens -bearer', []],
  ['deploy -revert', []],
  ['hello -foo', []],
  ['hello', ['Foo-bar protocol']],
  ['foo-bar', ['Foo-bar protocol']],
  ['security', ['Auth tokens']],
  ['run', ['Café notes']],
  // No doc holds both: any word may then match.
  ['wifi handshake', ['Café notes', 'Foo-bar protocol']],
  ['the', ['Database migrations', 'Auth tokens', 'Café notes', 'Deploy runbook', 'Foo-bar protocol']],
  ['nothing-like-this', []],
  ['"unclosed quote', []],
  ['* ( ) : ^ NEAR AND OR', []],
  ["'; DROP TABLE docs; --", []],
  // Operators of either backend are text: only "a" (in "takes a minute") is found, by any word.
  ['a & b | !c <-> d:*', ['Café notes']],
];

describeEachBackend('doc store', (backend) => {
  let s: ProjectStore;
  beforeAll(async () => {
    s = await backend().project('docs');
    for (const d of DOCS) await s.docs.create({ ...d, tags: [...d.tags], author: 'ann' }, 'ann');
  });

  it.each(EXPECTED)('search %j finds the same docs', async (q, titles) => {
    const hits = await s.docs.search({ q, limit: 20 });
    expect(hits.map((h) => h.title).sort()).toEqual([...titles].sort());
    for (const h of hits) {
      expect(h.score).toBeGreaterThan(0);
      expect(h).not.toHaveProperty('body');
    }
  });

  it('ranks a title match above a body match and marks the matched words in the snippet', async () => {
    const hits = await s.docs.search({ q: 'auth', limit: 20 });
    expect(hits.map((h) => h.title)).toEqual(['Auth tokens', 'Deploy runbook']);
    expect(hits[1]!.snippet).toContain('**auth**');
    const body = await s.docs.search({ q: 'wifi', limit: 20 });
    expect(body[0]!.snippet).toMatch(/\*\*wifi\*\*/);
  });

  it('filters search and listing by type, tag and ids, and limits them', async () => {
    expect((await s.docs.search({ q: 'tokens hello', limit: 20, tag: 'api' })).map((h) => h.title).sort()).toEqual([
      'Auth tokens',
      'Foo-bar protocol',
    ]);
    expect((await s.docs.search({ q: 'the', limit: 20, type: 'reference' })).map((h) => h.id).sort()).toEqual([
      'D-002',
      'D-005',
    ]);
    expect(await s.docs.search({ q: 'the', limit: 2 })).toHaveLength(2);
    expect((await s.docs.list({ limit: 10 })).map((d) => d.id)).toEqual(['D-001', 'D-002', 'D-003', 'D-004', 'D-005']);
    expect((await s.docs.list({ limit: 10, type: 'reference' })).map((d) => d.id)).toEqual(['D-002', 'D-005']);
    expect((await s.docs.list({ limit: 10, tag: 'api' })).map((d) => d.id)).toEqual(['D-002', 'D-005']);
    expect((await s.docs.list({ limit: 10, ids: ['D-004', 'x', 'D-099'] })).map((d) => d.id)).toEqual(['D-004']);
    expect(await s.docs.list({ limit: 10, ids: ['x'] })).toEqual([]);
  });

  it('reads, updates (the index follows) and refuses unknown docs', async () => {
    const d = await s.docs.create({ type: 'learning', title: 'Scratch', body: 'zebra', tags: [' t ', 't', ''] }, 'bob');
    expect(d).toMatchObject({ id: 'D-006', tags: ['t'], author: null, section: null });
    expect(await s.docs.get('d-006')).toEqual(d);
    backend().clock.advance(5);
    const u = await s.docs.update('D-006', { body: 'giraffe', section: 'Animals' }, 'bob');
    expect(u).toMatchObject({ body: 'giraffe', section: 'Animals', updated_at: '2026-01-01T00:00:05.000Z' });
    expect(await s.docs.update('D-006', { body: 'giraffe' }, 'bob')).toEqual(u);
    expect((await s.docs.search({ q: 'zebra', limit: 5 })).length).toBe(0);
    expect((await s.docs.search({ q: 'giraffe', limit: 5 })).map((h) => h.id)).toEqual(['D-006']);
    const events = await s.events.list({ limit: 100, type: 'doc.*' });
    expect(events.at(-1)).toMatchObject({
      type: 'doc.updated',
      actor: 'bob',
      payload: { id: 'D-006', changed: ['body', 'section'], from: { body_chars: 5, section: null } },
    });
    expect(await refusal(s.docs.get('D-999'))).toMatchObject({ code: 'doc_not_found', status: 404 });
    expect(await refusal(s.docs.update('nope', { title: 'x' }, 'bob'))).toMatchObject({ code: 'doc_not_found' });
  });
});
