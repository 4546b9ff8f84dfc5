import type { Command } from 'commander';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { act, type CommandContext } from '../command.js';
import { CONFIG_DIR, CONFIG_NAME, readConfig, writeConfig } from '../config.js';
import { call, client, serverUrl } from '../context.js';

export function registerInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('Register the current folder as a project and write .codepakt/config.json (idempotent)')
    .option('-n, --name <name>', 'project name (default: the folder name)')
    .action(
      act(ctx, async (opts: { name?: string }) => {
        const { rt } = ctx;
        const existingFile = join(rt.cwd, CONFIG_DIR, CONFIG_NAME);
        const existing = existsSync(existingFile) ? readConfig(existingFile) : undefined;
        const url = serverUrl(rt, existing);
        const api = client(rt, url);
        const project = await call(api.POST('/api/projects', { body: { name: opts.name ?? basename(rt.cwd), path: rt.cwd } }), url);
        writeConfig(rt.cwd, { url, project_id: project.data.id });
        return {
          value: { project_id: project.data.id, name: project.data.name, path: project.data.path, url, dashboard: `${url}/` },
          human: () => `Project ${project.data.name} (${project.data.id})\nConfig: ${existingFile}\nDashboard: ${url}/`,
        };
      }),
    );
}
