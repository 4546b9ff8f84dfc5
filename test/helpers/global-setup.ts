import { buildAll } from '../../scripts/build.js';

/** End-to-end tests run the real bundles: build them once per test run. */
export default async function setup(): Promise<void> {
  if (process.env.CPK_SKIP_BUILD === '1') return;
  await buildAll();
}
