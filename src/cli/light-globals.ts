/**
 * Node 20's global fetch, Headers, Request, Response and FormData load undici on first touch, which
 * costs a short-lived `cpk` process more than the rest of its call. openapi-fetch takes its fetch and
 * its Request class as options (src/cli/context.ts hands it the light ones of src/client), but names
 * `Headers` (on every call) and `FormData` (on every call with a body) as globals, with no option to
 * pass others: those two, and only those, are replaced, in the CLI process, which owns its globals
 * and makes no other HTTP calls. test/cli/start-up.test.ts fails when a call loads undici.
 */
import { LightHeaders } from '../client/node-transport.js';

/** Never constructed: openapi-fetch only asks whether a body is one (`instanceof FormData`). */
class LightFormData {}

export function installLightGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of [
    ['Headers', LightHeaders],
    ['FormData', LightFormData],
  ] as const) {
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
