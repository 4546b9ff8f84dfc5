import type { Context } from 'hono';
import type { Connection } from '../../shared/mcp/requests.js';
import type { AppEnv } from '../router.js';

/** How long a cancellation naming no running call is kept, for a call whose POST is still on its way. */
const EARLY_CANCEL_MS = 5_000;

/**
 * The tool calls this server is running, each one lone request of its POST, by who sent it and its
 * JSON-RPC id. /mcp is stateless: a `notifications/cancelled` comes in a POST of its own, to an MCP
 * server that never saw the call, so it is matched here instead. Only the sender may cancel: the key is
 * the caller (the token, or the shared/open access), the project, the agent and the id.
 */
export class RunningCalls {
  private readonly running = new Map<string, () => void>();
  /** Cancellations that came before their call: key → when they stop counting. */
  private readonly early = new Map<string, number>();

  /** Run `cancel` when the call is cancelled (at once if it already was); the returned function forgets it. */
  add(key: string, cancel: () => void): () => void {
    if (this.takeEarly(key)) {
      cancel();
      return () => undefined;
    }
    this.running.set(key, cancel);
    return () => {
      if (this.running.get(key) === cancel) this.running.delete(key);
    };
  }

  cancel(key: string): void {
    const cancel = this.running.get(key);
    if (cancel) {
      this.running.delete(key);
      cancel();
      return;
    }
    const now = Date.now();
    for (const [k, until] of this.early) if (until <= now) this.early.delete(k);
    // Bounded: a flood of cancellations naming nothing cannot grow it without end.
    if (this.early.size < 10_000) this.early.set(key, now + EARLY_CANCEL_MS);
  }

  private takeEarly(key: string): boolean {
    const until = this.early.get(key);
    if (until === undefined) return false;
    this.early.delete(key);
    return until > Date.now();
  }
}

/** The key of a call: who sent it (token, project, agent) and its JSON-RPC id. */
export function callKey(c: Context<AppEnv>, connection: Connection, id: string | number): string {
  const caller = c.var.caller;
  const who = caller.kind === 'agent' || caller.kind === 'person' ? `token:${caller.tokenId}` : caller.kind;
  return JSON.stringify([who, connection.projectId, connection.agent ?? null, id]);
}

type Message = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: { requestId?: unknown } };

const isId = (id: unknown): id is string | number => typeof id === 'string' || typeof id === 'number';

/** The ids a POST's `notifications/cancelled` name. */
export function cancelledIds(body: unknown): (string | number)[] {
  const messages = (Array.isArray(body) ? body : [body]) as Message[];
  return messages
    .filter((m) => typeof m === 'object' && m !== null && m.method === 'notifications/cancelled' && !('id' in m))
    .map((m) => m.params?.requestId)
    .filter(isId);
}

/** The id of a POST's tool call when it is the POST's one request (a batch's calls are not cancellable). */
export function loneToolCallId(body: unknown): string | number | undefined {
  const messages = (Array.isArray(body) ? body : [body]) as Message[];
  const requests = messages.filter((m) => typeof m === 'object' && m !== null && 'method' in m && isId(m.id));
  const [only] = requests;
  return requests.length === 1 && only?.method === 'tools/call' ? (only.id as string | number) : undefined;
}
