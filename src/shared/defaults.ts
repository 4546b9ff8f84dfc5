/** Where a server listens unless told otherwise; the CLI looks for it there too. */
export const DEFAULT_PORT = 41920;
/** Loopback only: any other address needs a token (see the server's security middleware). */
export const DEFAULT_HOST = '127.0.0.1';
