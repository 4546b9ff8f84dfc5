/** `tsx scripts/bench/postgres-only.ts [serverJs] [--small N --large N --claims N]`: only the PostgreSQL rows. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { postgresRows } from './postgres.js';
import { renderPostgres } from './postgres-report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    small: { type: 'string', default: '3000' },
    large: { type: 'string', default: '300000' },
    claims: { type: 'string', default: '4000' },
  },
});
const serverJs = positionals[0] ?? join(ROOT, 'dist', 'server.js');
const rows = await postgresRows(serverJs, {
  small: Number(values.small),
  large: Number(values.large),
  claims: Number(values.claims),
});
process.stdout.write(rows ? renderPostgres(rows) : 'PostgreSQL is not installed: no PostgreSQL rows\n');
