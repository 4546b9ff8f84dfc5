import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { expectDatabaseOf, expectFolderOf } from '../../../src/db/sqlite/reattach.js';

const entry = { id: 'other', name: 'other-project', kind: 'folder' as const, path: '/srv/x', created_at: 'now' };

function refusal(fn: () => void): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('re-attaching a folder to the project it should hold', () => {
  it('passes a folder holding a database, unregistered or registered as that project', () => {
    expect(() => expectFolderOf('p1', '/srv/x', undefined, true)).not.toThrow();
    expect(() => expectFolderOf('p1', '/srv/x', { ...entry, id: 'p1' }, true)).not.toThrow();
    expect(() => expectDatabaseOf('p1', '/srv/x', 'p1', false)).not.toThrow();
  });

  it('refuses with 409 a folder without a database, another project’s folder, another project’s database', () => {
    const none = refusal(() => expectFolderOf('p1', '/srv/x', undefined, false));
    expect(none.code).toBe('conflict');
    expect(none.status).toBe(409);
    expect(none.message).toMatch(/\/srv\/x holds no project database .* not the folder of project p1/);
    expect(refusal(() => expectFolderOf('p1', '/srv/x', entry, true)).message).toBe(
      '/srv/x is the folder of project other-project (other), not of p1',
    );
    expect(refusal(() => expectDatabaseOf('p1', '/srv/x', 'p2', false)).message).toBe(
      'The database in /srv/x is project p2, not project p1',
    );
    expect(refusal(() => expectDatabaseOf('p1', '/srv/x', undefined, false)).message).toContain('is no project');
  });

  it('refuses a copy of the project while its database is still in its registered place', () => {
    const copy = refusal(() => expectDatabaseOf('p1', '/srv/copy', 'p1', true));
    expect(copy.code).toBe('conflict');
    expect(copy.message).toMatch(/holds a copy of project p1,.*without project_id/);
  });
});
