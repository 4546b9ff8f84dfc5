/**
 * `cpk server token add|list|revoke`: edits the token file of a data dir, whether or not its server
 * runs (a running server picks the change up within a second, see book.ts). Loaded by the CLI from the
 * server bundle, which carries zod and node:crypto, so that no other `cpk` call pays for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Binding, BindingName, readTokenFile, type TokenEntry, tokenFile, writeTokenFile } from './file.js';

/** A token as `list` shows it: never the token, never its digest. */
export interface TokenSummary {
  id: string;
  agent?: string;
  person?: string;
  created_at: string;
}

/** A bad name given to `token add`; the CLI reports it as a usage error. */
export class TokenInputError extends Error {
  override name = 'TokenInputError';
}

export class TokenNotFound extends Error {
  override name = 'TokenNotFound';
}

function summary(e: TokenEntry): TokenSummary {
  return {
    id: e.id,
    ...(e.agent !== undefined ? { agent: e.agent } : {}),
    ...(e.person !== undefined ? { person: e.person } : {}),
    created_at: e.created_at,
  };
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Make a token bound to `binding`; the token itself is returned here and nowhere else, ever. */
export async function addToken(dataDir: string, binding: Binding): Promise<TokenSummary & { token: string }> {
  const [field, raw] = 'agent' in binding ? (['agent', binding.agent] as const) : (['person', binding.person] as const);
  const name = BindingName.safeParse(raw);
  if (!name.success) throw new TokenInputError(`--${field}: ${name.error.issues.map((i) => i.message).join('; ')}`);
  const file = tokenFile(dataDir);
  const token = `cpk_${randomBytes(32).toString('base64url')}`;
  return withLock(file, () => {
    const entries = readTokenFile(file);
    let id: string;
    do id = `tok_${randomBytes(6).toString('hex')}`;
    while (entries.some((e) => e.id === id));
    const entry: TokenEntry = {
      id,
      ...(field === 'agent' ? { agent: name.data } : { person: name.data }),
      sha256: sha256Hex(token),
      created_at: new Date().toISOString(),
    };
    writeTokenFile(file, [...entries, entry]);
    return { ...summary(entry), token };
  });
}

export function listTokens(dataDir: string): TokenSummary[] {
  return readTokenFile(tokenFile(dataDir)).map(summary);
}

/** Remove a token; a running server refuses it from then on (within a second). */
export async function revokeToken(dataDir: string, id: string): Promise<TokenSummary> {
  const file = tokenFile(dataDir);
  return withLock(file, () => {
    const entries = readTokenFile(file);
    const gone = entries.find((e) => e.id === id);
    if (!gone) throw new TokenNotFound(`No token ${id} in ${file} (cpk server token list shows the ids)`);
    writeTokenFile(
      file,
      entries.filter((e) => e !== gone),
    );
    return summary(gone);
  });
}

const LOCK_WAIT_MS = 5000;
/** A lock this old was left by a process that died between taking and releasing it. */
const STALE_LOCK_MS = 10_000;

/** One writer at a time: two `token add` at once would each write the list without the other's token. */
async function withLock<T>(file: string, body: () => T): Promise<T> {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (lockAge(lock) > STALE_LOCK_MS) rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`The token file ${file} is locked by another writer (${lock}); retry, or remove the lock`);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { force: true });
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}
