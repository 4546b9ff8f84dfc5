import { statSync } from 'node:fs';
import { sameDigest } from '../security.js';
import { readTokenFile, type TokenEntry, tokenFile } from './file.js';

/** Whom a token of the file speaks for. */
export interface TokenHolder {
  kind: 'agent' | 'person';
  name: string;
  tokenId: string;
}

interface Known {
  digest: Buffer;
  holder: TokenHolder;
}

/** How often a running server looks at the token file: a revoked token stops working within this. */
export const TOKEN_FILE_CHECK_MS = 250;

/**
 * The running server's view of the token file. `cpk server token add|revoke` rewrite the file while
 * the server runs: it is looked at every 250 ms (a stat; read again only when it changed), and at once
 * when a token it does not know is presented, so a token just added works on its first request. A file
 * that turns bad while the server runs closes the door (no file token works) rather than keeping a
 * revoked one alive; a bad file at start refuses the start (`open` throws naming the file and entry).
 */
export class TokenBook {
  private known: Known[] = [];
  private signature: string;
  private damaged = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly revokeListeners = new Map<string, Set<() => void>>();

  private constructor(
    readonly file: string,
    entries: TokenEntry[],
    signature: string,
  ) {
    this.signature = signature;
    this.install(entries);
  }

  /** The book of a data dir; throws TokenFileError when its token file is bad. */
  static open(dataDir: string): TokenBook {
    const file = tokenFile(dataDir);
    const signature = fileSignature(file);
    return new TokenBook(file, readTokenFile(file), signature);
  }

  /** Whether the file asks for tokens: it holds some, or it is damaged (then every request needs one). */
  get guarding(): boolean {
    return this.known.length > 0 || this.damaged;
  }

  get isDamaged(): boolean {
    return this.damaged;
  }

  /** The holder of the token with this sha256 digest; every known digest is compared, in constant time. */
  find(digest: Buffer): TokenHolder | undefined {
    const hit = this.match(digest);
    if (hit) return hit;
    this.refresh();
    return this.match(digest);
  }

  private match(digest: Buffer): TokenHolder | undefined {
    let hit: TokenHolder | undefined;
    for (const k of this.known) if (sameDigest(k.digest, digest)) hit = k.holder;
    return hit;
  }

  /** Call `listener` once when the token `id` is revoked (or the file turns bad); returns the unsubscribe. */
  onRevoke(id: string, listener: () => void): () => void {
    let set = this.revokeListeners.get(id);
    if (!set) this.revokeListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.revokeListeners.get(id) === set) this.revokeListeners.delete(id);
    };
  }

  /** Read the file again if it changed since last time. */
  refresh(): void {
    const signature = fileSignature(this.file);
    if (signature === this.signature) return;
    this.signature = signature;
    try {
      this.install(readTokenFile(this.file));
      this.damaged = false;
    } catch (err) {
      console.error(`${(err as Error).message}; until it is repaired, no token of that file is accepted`);
      this.damaged = true;
      this.install([]);
    }
  }

  /** Look at the file every TOKEN_FILE_CHECK_MS until close(). */
  watch(): this {
    this.timer ??= setInterval(() => this.refresh(), TOKEN_FILE_CHECK_MS);
    this.timer.unref();
    return this;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private install(entries: TokenEntry[]): void {
    this.known = entries.map((e) => ({
      digest: Buffer.from(e.sha256, 'hex'),
      holder:
        e.agent !== undefined
          ? { kind: 'agent', name: e.agent, tokenId: e.id }
          : { kind: 'person', name: e.person ?? '', tokenId: e.id },
    }));
    const ids = new Set(entries.map((e) => e.id));
    for (const [id, listeners] of [...this.revokeListeners]) {
      if (ids.has(id)) continue;
      this.revokeListeners.delete(id);
      for (const listener of listeners) listener();
    }
  }
}

/** Changes whenever the file is replaced (a new inode) or rewritten; `missing` when there is none. */
function fileSignature(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return 'missing';
  }
}
