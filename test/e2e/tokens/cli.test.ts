import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpk } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

interface Made {
  id: string;
  agent?: string;
  person?: string;
  token: string;
  created_at: string;
}

/** `cpk server token …` on a data dir no server runs on: the commands work on the file alone. */
const token = (dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  cpk(['server', 'token', ...args], { env: { CPK_DATA_DIR: dataDir, ...env } });

describe('cpk server token add, list, revoke', () => {
  it('add prints the token once; list shows ids and bindings, never the token or its digest; revoke removes it', async () => {
    const dir = tempDir('cpk-tokens-');
    const alice = await token(dir, ['add', '--agent', 'alice']);
    expect(alice.code, alice.stderr).toBe(0);
    const a = alice.json<Made>();
    expect(a).toEqual({
      id: expect.stringMatching(/^tok_[0-9a-f]{12}$/),
      agent: 'alice',
      token: expect.any(String),
      created_at: expect.any(String),
    });
    expect(a.token).toMatch(/^cpk_[A-Za-z0-9_-]{43}$/);
    expect(Number.isNaN(Date.parse(a.created_at))).toBe(false);

    const ann = (await token(dir, ['add', '--person', 'Ann Lee'])).json<Made>();
    expect(ann).toMatchObject({ person: 'Ann Lee' });
    expect(ann.token).not.toBe(a.token);
    expect(ann.id).not.toBe(a.id);

    const list = await token(dir, ['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json()).toEqual([
      { id: a.id, agent: 'alice', created_at: a.created_at },
      { id: ann.id, person: 'Ann Lee', created_at: ann.created_at },
    ]);
    const digest = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')).tokens[0].sha256 as string;
    expect(list.stdout).not.toContain(a.token);
    expect(list.stdout).not.toContain(digest);

    const human = await cpk(['server', 'token', 'list', '--human'], { env: { CPK_DATA_DIR: dir } });
    expect(human.stdout).toMatch(/ID\s+BOUND_TO\s+CREATED_AT/);
    expect(human.stdout).toContain('agent alice');
    expect(human.stdout).toContain('person Ann Lee');

    const revoke = await token(dir, ['revoke', a.id]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.json()).toEqual({ status: 'revoked', id: a.id, agent: 'alice', created_at: a.created_at });
    expect((await token(dir, ['list'])).json()).toEqual([
      { id: ann.id, person: 'Ann Lee', created_at: ann.created_at },
    ]);

    const again = await token(dir, ['revoke', a.id]);
    expect(again.code).toBe(1);
    expect(again.error().error).toBe('token_not_found');
    expect(again.error().message).toContain(a.id);
  });

  it('stores only sha256 digests, in a file only its owner can read', async () => {
    const dir = tempDir('cpk-tokens-');
    const made = [
      (await token(dir, ['add', '--agent', 'bob'])).json<Made>(),
      (await token(dir, ['add', '--person', 'pat'])).json<Made>(),
    ];
    const file = join(dir, 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const stored = JSON.parse(text) as { version: number; tokens: Record<string, string>[] };
    expect(stored.version).toBe(1);
    for (const [i, m] of made.entries()) {
      expect(text).not.toContain(m.token);
      expect(text).not.toContain(m.token.slice(4));
      const { createHash } = await import('node:crypto');
      expect(stored.tokens[i]?.sha256).toBe(createHash('sha256').update(m.token).digest('hex'));
    }
    // Nothing left behind: no temporary file, no lock.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).sort()).toEqual(['tokens.json']);
  });

  it('-d/--data and --data-dir name the data dir as `cpk server start` does', async () => {
    const dir = tempDir('cpk-tokens-');
    const elsewhere = tempDir('cpk-tokens-');
    expect(
      (await cpk(['server', 'token', 'add', '--agent', 'x', '-d', dir], { env: { CPK_DATA_DIR: elsewhere } })).code,
    ).toBe(0);
    expect((await cpk(['server', 'token', 'add', '--agent', 'y', '--data-dir', dir])).code).toBe(0);
    expect((await token(dir, ['list'])).json<unknown[]>()).toHaveLength(2);
    expect((await token(elsewhere, ['list'])).json()).toEqual([]);
  });

  it('concurrent adds all land: none overwrites another', async () => {
    const dir = tempDir('cpk-tokens-');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => token(dir, ['add', '--agent', `agent-${i}`])),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const listed = (await token(dir, ['list'])).json<{ agent: string }[]>();
    expect(listed.map((t) => t.agent).sort()).toEqual([
      'agent-0',
      'agent-1',
      'agent-2',
      'agent-3',
      'agent-4',
      'agent-5',
    ]);
  });

  it.each([
    ['neither --agent nor --person', ['add']],
    ['both --agent and --person', ['add', '--agent', 'a', '--person', 'b']],
    ['an empty agent name', ['add', '--agent', '  ']],
    ['an agent name with a control character', ['add', '--agent', 'a\u0007b']],
    ['an agent name over 100 characters', ['add', '--agent', 'a'.repeat(101)]],
  ])('add with %s is a usage error (exit 2) and writes nothing', async (_label, args) => {
    const dir = tempDir('cpk-tokens-');
    const res = await token(dir, args);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.error().error).toBe('invalid_option');
    expect((await token(dir, ['list'])).json()).toEqual([]);
  });

  it('a bad token file is refused naming the file and the entry, and left as it was', async () => {
    const dir = tempDir('cpk-tokens-');
    const file = join(dir, 'tokens.json');
    const bad = JSON.stringify({
      version: 1,
      tokens: [{ id: 'tok_000000000000', agent: 'a', sha256: 'nope', created_at: '2026-01-01T00:00:00.000Z' }],
    });
    writeFileSync(file, bad);
    for (const args of [['list'], ['add', '--agent', 'b'], ['revoke', 'tok_000000000000']]) {
      const res = await token(dir, args);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.error().error).toBe('bad_token_file');
      expect(res.error().message).toContain(file);
      expect(res.error().message).toContain('index 0');
      expect(res.error().message).toContain('sha256');
    }
    expect(readFileSync(file, 'utf8')).toBe(bad);
  });
});
