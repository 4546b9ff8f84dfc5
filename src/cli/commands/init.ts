import type { Command } from 'commander';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { act, type CommandContext } from '../command.js';
import { CONFIG_DIR, CONFIG_NAME, readConfig, writeConfig } from '../config.js';
import { call, client, serverUrl } from '../context.js';
import { generateProtocol } from './generate.js';
import { intakePrd, readPrd } from './prd.js';

export function registerInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('Register the current folder as a project and write .codepakt/config.json (idempotent)')
    .option('-n, --name <name>', 'project name (default: the folder name)')
    .option('--prd <file>', 'store this requirements file as the PRD doc, with a guide for turning it into tasks')
    .action(
      act(ctx, async (opts: { name?: string; prd?: string }) => {
        const { rt } = ctx;
        const prdText = opts.prd === undefined ? undefined : readPrd(rt.cwd, opts.prd);
        const existingFile = join(rt.cwd, CONFIG_DIR, CONFIG_NAME);
        const existing = existsSync(existingFile) ? readConfig(existingFile) : undefined;
        const url = serverUrl(rt, existing);
        const api = client(rt, url);
        const project = await call(
          api.POST('/api/projects', { body: { name: opts.name ?? basename(rt.cwd), path: rt.cwd } }),
          url,
        );
        writeConfig(rt.cwd, { url, project_id: project.data.id });
        const docs =
          prdText === undefined
            ? undefined
            : await intakePrd(api, url, project.data.id, prdText, rt.env.CPK_AGENT || 'human');
        const protocol = generateProtocol(rt.cwd);
        return {
          value: {
            project_id: project.data.id,
            name: project.data.name,
            path: project.data.path,
            url,
            dashboard: `${url}/`,
            ...docs,
            generated: protocol.written,
          },
          human: () =>
            `Project ${project.data.name} (${project.data.id})\nConfig: ${existingFile}\nDashboard: ${url}/` +
            (docs ? `\nPRD: ${docs.prd} (cpk docs read ${docs.prd}), board setup guide: ${docs.guide}` : '') +
            (protocol.written.length ? `\nWrote: ${protocol.written.join(', ')}` : ''),
        };
      }),
    );
}
