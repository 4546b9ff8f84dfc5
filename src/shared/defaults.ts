/** Where a server listens unless told otherwise; the CLI looks for it there too. */
export const DEFAULT_PORT = 41920;
/** Loopback only: any other address needs a token (see the server's security middleware). */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * V8 options every server process starts with (`cpk server start`, `npm start`, the bench). A young
 * generation of 3 × 16 MiB (V8's default on 64-bit) is memory a server keeps resident for good; the
 * server's garbage is short-lived request data, and a smaller one costs scavenges a few hundred
 * microseconds apart instead of a few milliseconds, which the bench shows does not slow pickups.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=2'];
