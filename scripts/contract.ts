/** Emit the OpenAPI document from the app's route declarations (no server started) and the typed client's types from it. */
import openapiTS, { astToString } from 'openapi-typescript';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { SqliteCatalog } from '../src/db/sqlite/catalog.js';
import { buildOpenApiDocument, createApp } from '../src/server/app.js';

export const OPENAPI_FILE = 'openapi/openapi.json';
export const TYPES_FILE = 'generated/api.d.ts';

export async function generateContract(): Promise<{ openapi: string; types: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cpk-contract-'));
  try {
    const catalog = new SqliteCatalog(dir, systemClock);
    const app = createApp({ catalog, clock: systemClock, startedAt: new Date() });
    const document = buildOpenApiDocument(app);
    const openapi = `${JSON.stringify(document, null, 2)}\n`;
    const ast = await openapiTS(JSON.parse(openapi) as Parameters<typeof openapiTS>[0]);
    const header = '// Generated from openapi/openapi.json by `npm run contract`. Do not edit.\n\n';
    return { openapi, types: header + astToString(ast) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
