import type { Command } from 'commander';
import { act, durationOption, intOption, type CommandContext } from '../command.js';
import { readConfig, writeConfig } from '../config.js';
import { call, projectContext } from '../context.js';
import { CliError, EXIT } from '../output.js';
import { humanDuration } from '../human-duration.js';
import { dirname } from 'node:path';

const LOCAL_KEYS = ['url', 'project_id'] as const;
const PROJECT_KEYS = ['name', 'lease_seconds', 'max_attempts'] as const;

export function registerConfigCommands(program: Command, ctx: CommandContext): void {
  const config = program.command('config').description('Show or change this project’s configuration');

  config
    .command('show')
    .description('Print the local config and the project’s settings on the server')
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt);
        const project = await call(p.api.GET('/api/projects/{id}', { params: { path: { id: p.projectId } } }), p.url);
        return {
          value: {
            config_file: p.configFile,
            url: p.url,
            project_id: p.projectId,
            name: project.data.name,
            path: project.data.path,
            settings: project.data.settings,
            agent: ctx.rt.env.CPK_AGENT,
          },
          human: () =>
            aligned([
              ['project', `${project.data.name} (${p.projectId})`],
              ['path', project.data.path ?? '(hosted)'],
              ['server', p.url],
              ['config', p.configFile],
              ['agent', ctx.rt.env.CPK_AGENT || '(CPK_AGENT not set)'],
              ...settingsRows(project.data.settings),
            ]),
        };
      }),
    );

  config
    .command('set')
    .description(`Set a value: ${[...LOCAL_KEYS, ...PROJECT_KEYS].join(', ')} (lease_seconds accepts 45m, 2h)`)
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action(
      act(ctx, async (key: string, value: string) => {
        const p = projectContext(ctx.rt);
        if ((LOCAL_KEYS as readonly string[]).includes(key)) {
          const next = { ...readConfig(p.configFile), [key]: key === 'url' ? value.replace(/\/+$/, '') : value };
          writeConfig(dirname(dirname(p.configFile)), next);
          return { value: next };
        }
        let body: { name?: string; settings?: { lease_seconds?: number; max_attempts?: number } };
        if (key === 'name') body = { name: value };
        else if (key === 'lease_seconds')
          body = { settings: { lease_seconds: durationOption('lease_seconds', value) } };
        else if (key === 'max_attempts')
          body = { settings: { max_attempts: intOption('max_attempts', value, 1, 100) } };
        else
          throw new CliError(
            EXIT.usage,
            'unknown_key',
            `Unknown key "${key}": use one of ${[...LOCAL_KEYS, ...PROJECT_KEYS].join(', ')}`,
          );
        const project = await call(
          p.api.PATCH('/api/projects/{id}', { params: { path: { id: p.projectId } }, body }),
          p.url,
        );
        return {
          value: { name: project.data.name, settings: project.data.settings },
          human: () => aligned([['project', project.data.name], ...settingsRows(project.data.settings)]),
        };
      }),
    );
}

/** The settings as people read them, each with the key `cpk config set` takes. */
function settingsRows(settings: { lease_seconds: number; max_attempts: number }): [string, string][] {
  return [
    ['lease', `${humanDuration(settings.lease_seconds)} (lease_seconds ${settings.lease_seconds})`],
    ['max attempts', `${settings.max_attempts} lease lapses, then blocked (max_attempts)`],
  ];
}

function aligned(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
