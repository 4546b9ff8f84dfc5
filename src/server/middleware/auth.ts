import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../router.js';
import { digest, sameDigest } from '../security.js';
import type { TokenBook } from '../tokens/book.js';

/**
 * Who a request comes from, as its bearer token says; handlers read it from `c.var.caller` and never
 * parse headers themselves.
 * - `agent`: a token bound to that agent (`cpk server token add --agent`): it acts as that agent only.
 * - `person`: a token made for a person (`--person`), e.g. on the dashboard: acts as anyone.
 * - `shared`: the server's own token (`--token` / `CPK_TOKEN`): acts as anyone.
 * - `open`: the server asks for no token.
 */
export type Caller =
  | { kind: 'agent' | 'person'; name: string; tokenId: string }
  | { kind: 'shared' }
  | { kind: 'open' };

export interface AuthOptions {
  /** The shared token (`--token` / `CPK_TOKEN`). */
  token?: string | undefined;
  /** The tokens of the data dir's token file, seen live. */
  tokens?: TokenBook | undefined;
  /** Ask for a token even while there is none (a server reachable from other machines). */
  required?: boolean | undefined;
}

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * `Authorization: Bearer <token>` on every /api request once the server has a token (shared, or any in
 * the token file), compared as sha256 digests in constant time. A request made with a file token that
 * is revoked while it is still being answered (an event stream, a waiting pickup) has its connection
 * closed: the token stops working for what is under way too.
 */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  const shared = options.token ? digest(options.token) : undefined;
  const { tokens } = options;
  return async (c, next) => {
    const required = shared !== undefined || options.required === true || tokens?.guarding === true;
    const m = BEARER.exec(c.req.header('authorization') ?? '');
    let caller: Caller = { kind: 'open' };
    if (m) {
      const presented = digest(m[1] ?? '');
      // The shared token first: a miss in the token file re-reads the file, which the shared token,
      // sent with every request of a server run with --token, must not cost.
      const isShared = shared !== undefined && sameDigest(presented, shared);
      const holder = isShared ? undefined : tokens?.find(presented);
      if (isShared) caller = { kind: 'shared' };
      else if (holder) caller = { kind: holder.kind, name: holder.name, tokenId: holder.tokenId };
      else if (required) throw new ApiError('unauthorized', 'Wrong bearer token (unknown or revoked)');
    } else if (required) {
      throw new ApiError('unauthorized', 'This server requires Authorization: Bearer <token> (set CPK_TOKEN)');
    }
    c.set('caller', caller);
    if (tokens && 'tokenId' in caller) cutOnRevoke(tokens, caller.tokenId, c.env);
    await next();
  };
}

/** Over a socket: close the connection if the token is revoked before the answer is complete. */
function cutOnRevoke(tokens: TokenBook, tokenId: string, env: unknown): void {
  const node = env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const { incoming, outgoing } = node ?? {};
  if (!incoming || !outgoing) return;
  const off = tokens.onRevoke(tokenId, () => incoming.socket.destroy());
  outgoing.once('close', off);
}
