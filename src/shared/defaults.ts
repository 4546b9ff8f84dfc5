/** Where a server listens unless told otherwise; the CLI looks for it there too. */
export const DEFAULT_PORT = 41920;
/** Loopback only: any other address needs a token (see the server's security middleware). */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * V8 options every server process starts with (`cpk server start`, `npm start`, the bench). V8's default
 * young generation on 64-bit, 3 × 16 MiB, is memory a server keeps resident for good. At 2 MiB, a pickup
 * or a batch of 1,000 creates outlived scavenges a few hundred microseconds apart: interleaved runs of
 * one build measured 11–15% more server CPU per pickup and 5% more per created task than at 8 MiB, which
 * costs about 12 MiB of resident memory at the peak (the bench's RSS rows keep it within budget).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=8'];
