import { describe, expect, it } from 'vitest';
import { allCommands, buildProgram } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/output.js';

// A cpk call builds only the command group it names (start-up cost); everything that needs the whole
// tree still gets it.
const ctx = () => ({
  rt: { cwd: process.cwd(), env: {}, io: { out: () => undefined, err: () => undefined } },
  exitCode: EXIT.ok,
});
const groups = (argv?: string[]) => buildProgram(ctx(), argv).commands.map((c) => c.name());
const paths = (argv?: string[]) => allCommands(buildProgram(ctx(), argv)).length;

describe('command tree per call', () => {
  it('without arguments (help, the protocol reference) every group is there', () => {
    expect(groups()).toEqual([
      'server',
      'init',
      'task',
      'files',
      'guard',
      'docs',
      'board',
      'agent',
      'events',
      'config',
      'generate',
      'agents-md',
      'doctor',
      'export',
      'import',
      'mcp',
      'scan',
      'code',
    ]);
  });

  const names = (argv?: string[]) => allCommands(buildProgram(ctx(), argv)).map((c) => c.name());
  const wholeTask = () =>
    allCommands(buildProgram(ctx())).filter((c) => c.parent?.name() === 'task' || c.name() === 'task');

  it('a call naming a group and one of its subcommands builds that subcommand alone, exactly as the whole tree has it', () => {
    expect(groups(['task', 'show', 'T-001'])).toEqual(['task']);
    expect(groups(['--human', 'board', 'status'])).toEqual(['board']);
    expect(names(['task', 'pickup', '--wait', '30'])).toEqual(['task', 'pickup']);
    expect(names(['--human', 'task', 'show', 'T-001'])).toEqual(['task', 'show']);
    const alone = allCommands(buildProgram(ctx(), ['task', 'add', '--title', 'x']))[1]!;
    const inTree = wholeTask().find((c) => c.name() === 'add')!;
    expect(alone.options.map((o) => o.flags)).toEqual(inTree.options.map((o) => o.flags));
    expect(alone.description()).toBe(inTree.description());
  });

  it('a group named without a subcommand, or with a word that is none of its subcommands, gets the whole group (help, suggestions)', () => {
    const whole = wholeTask().map((c) => c.name());
    expect(whole.length).toBeGreaterThan(10);
    for (const argv of [['task'], ['task', '--help'], ['task', 'shwo'], ['task', 'help', 'show']])
      expect(names(argv), argv.join(' ')).toEqual(whole);
  });

  it('init and generate (whose protocol files come from templates, not from the tree) are built alone too', () => {
    expect(groups(['init'])).toEqual(['init']);
    // With codepakt 0.2's spelling of it, `agents-md generate`.
    expect(groups(['generate'])).toEqual(['generate', 'agents-md']);
  });

  it('an unknown word, help, or options alone get the whole tree (for suggestions and help)', () => {
    for (const argv of [['tsk'], ['help', 'task'], ['--help'], ['--version'], ['constructor'], []])
      expect(paths(argv), argv.join(' ')).toBe(paths());
  });
});
