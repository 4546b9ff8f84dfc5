/**
 * `<dataDir>/tokens.json`: the server's bearer tokens, each bound to an agent or a person, stored as
 * the sha256 of the token (a token is 256 random bits, so a plain digest cannot be reversed).
 * Written atomically, readable by the owner only; validated strictly, since a token file that loads
 * wrong would let in what was revoked or lock out everyone.
 */
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../limits.js';

export const TOKEN_FILE = 'tokens.json';
export const TOKEN_FILE_VERSION = 1;

export function tokenFile(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

/** Who a token speaks for: an agent (it may act only as that agent) or a person (acts as anyone). */
export type Binding = { agent: string } | { person: string };

export interface TokenEntry {
  id: string;
  agent?: string | undefined;
  person?: string | undefined;
  /** Hex sha256 of the token. */
  sha256: string;
  created_at: string;
}

/** An agent or person name: the rules of an agent name in the API (trimmed, 1-100 characters, one line). */
export const BindingName = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.agent)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

const TokenEntrySchema = z
  .object({
    id: z.string().regex(/^tok_[0-9a-f]{12}$/, 'must be tok_ and 12 hex digits'),
    agent: BindingName.optional(),
    person: BindingName.optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
    created_at: z.iso.datetime(),
  })
  .strict()
  .refine((e) => (e.agent === undefined) !== (e.person === undefined), {
    message: 'exactly one of agent and person is required',
  });

const TokenFileSchema = z
  .object({
    version: z.literal(TOKEN_FILE_VERSION),
    tokens: z.array(z.unknown()),
  })
  .strict();

/** A token file that cannot be trusted: the message names the file and the entry. */
export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

function problems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`).join('; ');
}

/** The file's entries; none when it does not exist. Throws TokenFileError naming the file and the bad entry. */
export function readTokenFile(file: string): TokenEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TokenFileError(`The token file ${file} cannot be read (${(err as Error).message})`);
  }
  const fix = 'repair it or move it away';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new TokenFileError(`The token file ${file} is not valid JSON (${(err as Error).message}); ${fix}`);
  }
  const shape = TokenFileSchema.safeParse(parsed);
  if (!shape.success)
    throw new TokenFileError(
      `The token file ${file} is not {"version": ${TOKEN_FILE_VERSION}, "tokens": [...]} (${problems(shape.error.issues)}); ${fix}`,
    );
  const entries: TokenEntry[] = [];
  const ids = new Map<string, number>();
  const digests = new Map<string, number>();
  shape.data.tokens.forEach((raw, index) => {
    const bad = (why: string) =>
      new TokenFileError(`The token file ${file} has a bad entry at index ${index} (${why}); ${fix}`);
    const result = TokenEntrySchema.safeParse(raw);
    if (!result.success) throw bad(problems(result.error.issues));
    const entry = result.data;
    const sameId = ids.get(entry.id);
    if (sameId !== undefined) throw bad(`id: ${entry.id} is already the id of entry ${sameId}`);
    const sameDigest = digests.get(entry.sha256);
    if (sameDigest !== undefined) throw bad(`sha256: the same token as entry ${sameDigest}`);
    ids.set(entry.id, index);
    digests.set(entry.sha256, index);
    entries.push(entry);
  });
  return entries;
}

/** Replace the file: a temporary file, flushed, owner-only, renamed over it; readers see old or new, never half. */
export function writeTokenFile(file: string, entries: readonly TokenEntry[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    // The mode of open() is only used when it creates the file; a leftover temporary file keeps its own.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify({ version: TOKEN_FILE_VERSION, tokens: entries }, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
