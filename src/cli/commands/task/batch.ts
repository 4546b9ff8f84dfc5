import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../../output.js';
import type { NewTask } from './shared.js';

const BATCH_KEYS = ['title', 'description', 'priority', 'epic', 'tags', 'capabilities', 'depends_on', 'acceptance_criteria', 'context_refs', 'verify', 'status', 'key'];

/** Read a --batch file: a JSON array of snake_case task objects; unknown keys are named. An item's `key` makes re-running the file create it once. */
export function readBatch(file: string, cwd: string): NewTask[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new CliError(EXIT.usage, 'batch_unreadable', `Cannot read --batch file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(EXIT.usage, 'batch_invalid', `--batch file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new CliError(EXIT.usage, 'batch_invalid', `--batch file ${file} must hold a non-empty JSON array of tasks`);
  parsed.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new CliError(EXIT.usage, 'batch_invalid', `--batch item [${i}] must be an object`);
    const unknown = Object.keys(item).filter((k) => !BATCH_KEYS.includes(k));
    if (unknown.length) throw new CliError(EXIT.usage, 'batch_invalid', `--batch item [${i}] has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${BATCH_KEYS.join(', ')})`);
  });
  return parsed as NewTask[];
}
