import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../src/core/search-query.js';
import { tsQuery } from '../../../src/db/postgres/fts-query.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';
import { migrate } from '../../../src/db/postgres/migrate.js';

function emit(q: string, mode: 'all' | 'any' = 'all') {
  const params: string[] = [];
  const sql = tsQuery(parseSearchQuery(q).terms, mode, (v) => {
    params.push(v);
    return `$${params.length}`;
  });
  return { sql, params };
}

describe('the PostgreSQL tsquery emitter', () => {
  it('binds every piece of user text; the SQL holds only functions, placeholders and operators', () => {
    expect(emit('token "life span" auth* -legacy')).toEqual({
      sql: "((phraseto_tsquery('codepakt_search', $1) && phraseto_tsquery('codepakt_search', $2) && to_tsquery('codepakt_search', quote_literal($3) || ':*')) && !!(phraseto_tsquery('codepakt_search', $4)))",
      params: ['token', 'life span', 'auth', 'legacy'],
    });
    expect(emit('a b', 'any').sql).toBe(
      "(phraseto_tsquery('codepakt_search', $1) || phraseto_tsquery('codepakt_search', $2))",
    );
    // A prefix phrase: the words before the last as a phrase, followed by the last as a prefix.
    expect(emit('"token li"*')).toEqual({
      sql: "(tsquery_phrase(phraseto_tsquery('codepakt_search', $2), to_tsquery('codepakt_search', quote_literal($1) || ':*')))",
      params: ['li', 'token'],
    });
    expect(emit('-only').sql).toBeNull();
  });

  it('never lets typed text into the SQL', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        const { sql } = emit(q);
        if (sql === null) return;
        const stripped = sql.replace(/\$\d+/g, '').replace(/'codepakt_search'|':\*'/g, '');
        expect(stripped).toMatch(/^[a-z_()|&!,: ]*$/);
      }),
    );
  });
});

describe.skipIf(!testCluster())('PostgreSQL runs whatever the emitter makes of any input', () => {
  const db = useTestDatabase('fts');
  it('without an error, for random and hostile queries', async () => {
    const client = new pg.Client({ connectionString: db.url() });
    await client.connect();
    try {
      await migrate(client);
      await client.query('SET search_path = codepakt');
      const samples = fc.sample(fc.string({ maxLength: 40, unit: 'binary' }), 300);
      // Control characters (NUL among them) never reach PostgreSQL: the parser makes them spaces.
      for (const q of [...samples, "'\\'", '"" * -', 'a:* & !b', 'a\u0000b*', 'é*', 'foo-bar*', '"-"*']) {
        const { sql, params } = emit(q);
        if (sql === null) continue;
        await client.query(`SELECT (${sql})::text`, params);
      }
    } finally {
      await client.end();
    }
  });
});
