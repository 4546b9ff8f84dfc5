import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './output.js';

export interface ProjectConfig {
  url: string;
  project_id: string;
}

export const CONFIG_DIR = '.codepakt';
export const CONFIG_NAME = 'config.json';

/** The nearest `.codepakt/config.json` from `start` upward, or undefined. */
export function findConfigFile(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, CONFIG_DIR, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readConfig(file: string): ProjectConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(EXIT.failed, 'config_invalid', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const c = parsed as Partial<ProjectConfig>;
  if (!c || typeof c !== 'object' || typeof c.url !== 'string' || typeof c.project_id !== 'string') {
    throw new CliError(EXIT.failed, 'config_invalid', `${file} must hold {"url": string, "project_id": string}`);
  }
  return { url: c.url, project_id: c.project_id };
}

export function writeConfig(projectDir: string, config: ProjectConfig): string {
  const dir = join(projectDir, CONFIG_DIR);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, CONFIG_NAME);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore))
    writeFileSync(
      ignore,
      '# Local database and its backups stay out of version control\ndata.db\ndata.db-*\ndata.db.bak-*\n',
    );
  return file;
}
