import type { Command } from 'commander';
import { basename, dirname, join } from 'node:path';
import { act, type CommandContext } from '../command.js';
import { CONFIG_DIR, CONFIG_NAME, findConfigFile, type ProjectConfig, readConfig, writeConfig } from '../config.js';
import { client, serverUrl } from '../context.js';
import { CliError, EXIT } from '../output.js';
import { generateProtocol } from './generate.js';
import { configuredProject, type Found, newProject, projectNamed } from './init-project.js';
import { intakePrd, readPrd } from './prd.js';

const HELP = `
Which project:
  A .codepakt/config.json in this folder or a parent (a git worktree or clone of a repo that commits it)
  names the project: init keeps it, on every run, and never writes another id there. When the server
  does not know that project, init re-attaches this folder only if the folder holds the project's own
  database (.codepakt/data.db: the folder moved, or the server lost its registry); otherwise it fails,
  saying how to go on: --join an existing project or start a --new one.
  Without a config, init registers this folder as a new project on the server (its data in
  .codepakt/data.db). When the folder is not on the server's machine (CPK_URL points at another
  machine), the project is made hosted instead, with a note on stderr and "notice" in the answer.

  --join <id|name>   write the config for an existing project (its id, or its exact name), from any
                     folder on any machine; registers no path
  --hosted           make a hosted project: its data lives with the server, under its data dir
  --new              ignore the config's project and start a new board for this folder

Every form is idempotent: run again, it answers the same project with "created": false.`;

interface InitOptions {
  name?: string;
  prd?: string;
  join?: string;
  hosted?: boolean;
  new?: boolean;
}

export function registerInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('Join or register the project of this folder and write .codepakt/config.json (idempotent)')
    .option('-n, --name <name>', 'project name, when one is made (default: the folder name)')
    .option('--prd <file>', 'store this requirements file as the PRD doc, with a guide for turning it into tasks')
    .option('--join <project>', 'join an existing project by id or exact name, registering no path')
    .option('--hosted', 'make a hosted project (its data kept by the server) instead of registering the folder')
    .option('--new', 'start a new project here even when a config names one')
    .addHelpText('after', HELP)
    .action(
      act(ctx, async (opts: InitOptions) => {
        const { rt } = ctx;
        refuseMixed(opts);
        const prdText = opts.prd === undefined ? undefined : readPrd(rt.cwd, opts.prd);
        const configFile = findConfigFile(rt.cwd);
        const config = configFile ? readConfig(configFile) : undefined;
        const url = serverUrl(rt, config);
        const api = client(rt, url);

        // Where the config is: the folder holding the one found, when it is kept; else this folder.
        let root = rt.cwd;
        let found: Found;
        let keep = false;
        if (opts.join !== undefined) {
          found = { project: await projectNamed(api, url, opts.join), created: false };
          keep = config?.project_id === found.project.id;
        } else if (config && configFile && !opts.new) {
          root = dirname(dirname(configFile));
          found = await configuredProject(api, url, config, configFile, root, opts.name ?? basename(root));
          if (opts.hosted && found.project.kind !== 'hosted')
            throw new CliError(
              EXIT.failed,
              'project_exists',
              `${configFile} names project ${found.project.name} (${found.project.id}), a folder project; \`cpk init --new --hosted\` starts a separate hosted board`,
            );
          keep = true;
        } else {
          found = await newProject(api, url, root, opts.name ?? basename(root), opts.hosted === true);
        }
        if (keep && configFile) root = dirname(dirname(configFile));
        const { project, created, notice } = found;
        const file = keep && configFile ? configFile : join(root, CONFIG_DIR, CONFIG_NAME);
        // Kept, the config is left as it is (a committed one stays clean); re-attached, it names this server.
        if (!keep || found.reattached) writeConfig(root, { url, project_id: project.id } satisfies ProjectConfig);
        if (notice) rt.io.err(`note: ${notice}\n`);

        const docs =
          prdText === undefined
            ? undefined
            : await intakePrd(
                api,
                url,
                project.id,
                prdText,
                rt.env.CPK_AGENT || (rt.env.CPK_TOKEN ? undefined : 'human'),
              );
        const protocol = generateProtocol(root);
        return {
          value: {
            project_id: project.id,
            name: project.name,
            kind: project.kind,
            path: project.path,
            url,
            dashboard: `${url}/`,
            created,
            config: file,
            notice,
            ...docs,
            generated: protocol.written,
          },
          human: () =>
            `Project ${project.name} (${project.id}, ${project.kind}${created ? ', new' : ''})\nConfig: ${file}\nDashboard: ${url}/` +
            (docs ? `\nPRD: ${docs.prd} (cpk docs read ${docs.prd}), board setup guide: ${docs.guide}` : '') +
            (protocol.written.length ? `\nWrote: ${protocol.written.join(', ')}` : ''),
        };
      }),
    );
}

function refuseMixed(opts: InitOptions): void {
  const extra =
    opts.join === undefined ? [] : (['hosted', 'new', 'name'] as const).filter((k) => opts[k] !== undefined);
  if (extra.length > 0)
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `--join attaches an existing project: it does not take --${extra.join(', --')}`,
    );
}
