import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import type { AppEnv } from './router.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Host name without port; `[::1]:80` → `[::1]`. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

export function allowedHostNames(boundHost: string | undefined, extra: string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  for (const n of [boundHost, ...extra]) {
    if (!n || n === '0.0.0.0' || n === '::') continue;
    names.add(n.toLowerCase());
    if (n.includes(':') && !n.startsWith('[')) names.add(`[${n.toLowerCase()}]`);
  }
  return names;
}

/** `127.0.0.1:41920` from `http://127.0.0.1:41920/health`, without parsing the whole URL. */
function urlAuthority(url: string): string {
  const start = url.indexOf('://') + 3;
  const end = url.indexOf('/', start);
  return url.slice(start, end < 0 ? undefined : end);
}

/**
 * Browser-borne attacks on a local server: a page on another site must not drive the API (foreign
 * Origin on a state-changing request) and a rebound DNS name must not reach it (unknown Host).
 * A request without a Host, or with an empty one, names no host at all and is refused too; so is one
 * whose absolute request target (`GET http://evil.example/ HTTP/1.1`) names another host, since that,
 * not the Host header, is the URL the request is served as.
 * A server bound to all interfaces with a token accepts any Host: the token guards it.
 */
export function originAndHostGuard(hosts: Set<string> | 'any'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const host = c.req.header('host');
    if (hosts !== 'any') {
      // Over a socket only: an in-process request (tests, app.request) carries its host in its URL alone.
      const overSocket = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
      if (host && !hosts.has(hostName(host)))
        throw new ApiError('forbidden', `Host ${host} is not a name of this server`);
      const target = urlAuthority(c.req.url);
      if (!hosts.has(hostName(target)))
        throw new ApiError('forbidden', `Request target host ${target} is not a name of this server`);
      if (overSocket && !host?.trim())
        throw new ApiError(
          'forbidden',
          'Request has no Host header: send the name this server is addressed by (e.g. Host: 127.0.0.1)',
        );
    }
    const origin = c.req.header('origin');
    if (origin && !SAFE_METHODS.has(c.req.method)) {
      let originHost: string;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        throw new ApiError('forbidden', `Origin ${origin} is not allowed`);
      }
      const sameAsHost = host !== undefined && originHost === host.toLowerCase();
      if (!sameAsHost) throw new ApiError('forbidden', `Cross-origin request from ${origin} refused`);
    }
    await next();
  };
}

/** sha256 of a presented token: digests of equal length are what the constant-time comparison needs. */
export function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Whether two digests are equal, in time that does not depend on where they differ. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
