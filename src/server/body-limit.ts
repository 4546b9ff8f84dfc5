import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's bodyLimit, minus its cost on the common case. It reads `c.req.raw.body`, which makes
 * @hono/node-server build a full web Request (undici Request, AbortSignal, a web stream over the
 * socket) for every request, and disables its fast path that reads a JSON body straight from the
 * socket. A request that declares its Content-Length (and no Transfer-Encoding) is judged on that
 * header alone — Node's HTTP parser never delivers more body than it declares; only chunked
 * bodies take the counting path.
 */
type OnError = NonNullable<Parameters<typeof bodyLimit>[0]['onError']>;

export function limitBody(maxSize: number, onError: OnError): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return parseInt(length || '0', 10) > maxSize ? onError(c) : next();
    }
    return counting(c, next);
  };
}

/**
 * A body sent with `Content-Encoding: gzip` (or any encoding but identity) is not decoded here; parsed
 * as it stands it would be read as garbled JSON, or worse, as JSON that happens to parse. Refused with
 * the encoding named. `identity` and an empty header mean no encoding.
 */
export function refuseEncodedBody(onEncoded: (encoding: string) => never): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const encoding = c.req.header('content-encoding')?.trim();
    if (encoding && encoding.toLowerCase() !== 'identity') onEncoded(encoding);
    return next();
  };
}
