import { describe, expect, it } from 'vitest';
import { allCommands, buildProgram } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/output.js';

// A cpk call builds only the command group it names (start-up cost); everything that needs the whole
// tree still gets it.
const ctx = () => ({ rt: { cwd: process.cwd(), env: {}, io: { out: () => undefined, err: () => undefined } }, exitCode: EXIT.ok });
const groups = (argv?: string[]) => buildProgram(ctx(), argv).commands.map((c) => c.name());
const paths = (argv?: string[]) => allCommands(buildProgram(ctx(), argv)).length;

describe('command tree per call', () => {
  it('without arguments (help, the protocol reference) every group is there', () => {
    expect(groups()).toEqual(['server', 'init', 'task', 'docs', 'board', 'agent', 'events', 'config', 'generate']);
  });

  it('a call naming a group builds that group alone, with all its subcommands', () => {
    expect(groups(['task', 'show', 'T-001'])).toEqual(['task']);
    expect(groups(['--human', 'board', 'status'])).toEqual(['board']);
    expect(allCommands(buildProgram(ctx(), ['task', 'pickup'])).map((c) => c.name())).toEqual(allCommands(buildProgram(ctx())).filter((c) => c.parent?.name() === 'task' || c.name() === 'task').map((c) => c.name()));
  });

  it('init and generate write the command reference, so they get the whole tree', () => {
    expect(paths(['init'])).toBe(paths());
    expect(paths(['generate'])).toBe(paths());
  });

  it('an unknown word, help, or options alone get the whole tree (for suggestions and help)', () => {
    for (const argv of [['tsk'], ['help', 'task'], ['--help'], ['--version'], ['constructor'], []]) expect(paths(argv), argv.join(' ')).toBe(paths());
  });
});
