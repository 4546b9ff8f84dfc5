import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../../output.js';
import { commaList, type NewTask } from './shared.js';

const BATCH_KEYS = [
  'title',
  'description',
  'priority',
  'epic',
  'tags',
  'capabilities',
  'depends_on',
  'acceptance_criteria',
  'context_refs',
  'verify',
  'files',
  'status',
  'key',
];
/** Fields the flags take as a comma list; a batch item may write them the same way. */
const COMMA_FIELDS = ['tags', 'capabilities', 'depends_on'];
const MAX_LISTED = 20;

/**
 * Read a --batch file (`-` for standard input): a JSON array of snake_case task objects. Every item's
 * problems are reported together, not the first only. An item's `key` makes re-running the file create it once.
 */
export function readBatch(file: string, cwd: string): NewTask[] {
  const source = file === '-' ? 'standard input' : `--batch file ${file}`;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.usage,
      'batch_unreadable',
      `Cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(EXIT.usage, 'batch_invalid', `${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new CliError(EXIT.usage, 'batch_invalid', `${source} must hold a non-empty JSON array of tasks`);
  const problems: string[] = [];
  const items = parsed.map((item: unknown, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`[${i}] must be an object`);
      return item;
    }
    const record = { ...(item as Record<string, unknown>) };
    const unknown = Object.keys(record).filter((k) => !BATCH_KEYS.includes(k));
    if (unknown.length) problems.push(`[${i}] has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
    for (const field of COMMA_FIELDS) {
      const value = record[field];
      if (typeof value === 'string') record[field] = commaList(value);
    }
    return record;
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).join('; ');
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    throw new CliError(
      EXIT.usage,
      'batch_invalid',
      `${source}: ${listed}${more} (allowed keys: ${BATCH_KEYS.join(', ')})`,
    );
  }
  return items as NewTask[];
}
