import { optionalAgent, requireAgent, type Runtime } from './context.js';

/**
 * The agent of a command that acts as one (pickup, done, release, heartbeat, block, mine): `--agent`,
 * else CPK_AGENT. With CPK_TOKEN set and neither, none is sent: a token bound to an agent names it to
 * the server, and the server answers 400 naming `agent` for a token that is not bound. Without a token,
 * an error naming both ways at once.
 */
export function actingAgent(rt: Runtime, flag: string | undefined): string | undefined {
  return rt.env.CPK_TOKEN ? optionalAgent(rt, flag) : requireAgent(rt, flag);
}
