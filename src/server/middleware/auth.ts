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
 * is revoked while it is still being answered stops working for what is under way too: an event stream
 * already answering has its connection closed, and `c.var.revoked` aborts, which ends a waiting pickup
 * (it answers 401). A short request already past this check is answered (it was allowed when it came):
 * cutting it would not undo its write, only hide the answer. One still unanswered REVOKE_GRACE_MS later
 * has its connection closed all the same.
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
    const revoked = tokens && 'tokenId' in caller ? cutOnRevoke(tokens, caller.tokenId, c.env) : undefined;
    if (revoked) c.set('revoked', revoked);
    await next();
  };
}

/** How long a request under way when its token is revoked may take to answer before it is cut. */
export const REVOKE_GRACE_MS = 500;

/**
 * Over a socket: a signal that aborts when the token is revoked, and what is still being answered then
 * is cut: a response already under way (a stream) at once, one not yet begun after the grace.
 */
function cutOnRevoke(tokens: TokenBook, tokenId: string, env: unknown): AbortSignal | undefined {
  const node = env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const { incoming, outgoing } = node ?? {};
  // Without a socket (app.request) nothing says when the answer is done, to stop listening then.
  if (!incoming || !outgoing) return undefined;
  const revoked = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const off = tokens.onRevoke(tokenId, () => {
    revoked.abort();
    if (outgoing.writableEnded) return;
    if (outgoing.headersSent) incoming.socket.destroy();
    else
      grace = setTimeout(() => {
        if (!outgoing.writableEnded) incoming.socket.destroy();
      }, REVOKE_GRACE_MS).unref();
  });
  outgoing.once('close', () => {
    off();
    clearTimeout(grace);
  });
  return revoked.signal;
}
