import createFetchClient from 'openapi-fetch';
import type { components, paths } from '../../generated/api.js';

export type { components, paths };
export type Schemas = components['schemas'];
export type Project = Schemas['Project'];
/** The `error` field of an error answer: one of the codes the contract lists. */
export type ApiErrorCode = Schemas['ErrorCode'];

export interface ClientOptions {
  /** A fetch implementation; the browser's by default, `lightFetch` in the CLI. */
  fetch?: ((input: never) => Promise<unknown>) | undefined;
  /** The Request class `fetch` is given; the global one by default, `LightRequest` in the CLI. */
  Request?: (new (url: string, init?: never) => unknown) | undefined;
  token?: string | undefined;
}

/** The typed API client: every call is checked against the generated contract. */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  return createFetchClient<paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch as unknown as typeof fetch } : {}),
    ...(options.Request ? { Request: options.Request as unknown as typeof Request } : {}),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
  });
}

export type ApiClient = ReturnType<typeof createClient>;
