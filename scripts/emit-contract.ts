import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateContract, OPENAPI_FILE, TYPES_FILE } from './contract.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openapi, types } = await generateContract();
for (const [file, text] of [
  [OPENAPI_FILE, openapi],
  [TYPES_FILE, types],
] as const) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
