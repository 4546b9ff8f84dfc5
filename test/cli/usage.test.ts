import { afterAll, describe, expect, it } from 'vitest';
import { cpk } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

afterAll(() => removeTempDirs());

/** No server is needed: every call here fails (or helps) before one is asked. */
const env = { CPK_URL: 'http://127.0.0.1:9' };

describe('cpk usage', () => {
  it('a group without its command prints the group’s help on stderr and exits 2', async () => {
    const cwd = tempDir('cpk-usage-');
    for (const args of [[], ['board'], ['task'], ['docs'], ['server'], ['config'], ['agent']]) {
      const res = await cpk(args, { cwd, env });
      expect(res.code, `cpk ${args.join(' ')}`).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(new RegExp(`^Usage: cpk${args.length ? ` ${args[0]}` : ''} `));
      expect(res.stderr).toContain('Commands:');
    }
    // Asked for, help is on stdout with exit 0.
    const help = await cpk(['task', '--help'], { cwd, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cpk task /);
  });

  it('the usual synonyms name the real command', async () => {
    const cases: [string[], string][] = [
      [['task', 'create', '--title', 'x'], 'cpk task add'],
      [['task', 'new'], 'cpk task add'],
      [['task', 'claim'], 'cpk task pickup'],
      [['task', 'complete', 'T-001'], 'cpk task done'],
      [['task', 'finish', 'T-001'], 'cpk task done'],
      [['task', 'ls'], 'cpk task list'],
      [['docs', 'cat', 'D-001'], 'cpk docs read'],
    ];
    for (const [args, meant] of cases) {
      const res = await cpk(args, { env });
      expect(res.code, args.join(' ')).toBe(2);
      const err = res.error();
      expect(err.error).toBe('usage');
      expect(err.message).toBe(`unknown command '${args[1]}': the command is \`${meant}\``);
    }
  });

  it('other unknown commands and options get one-line messages saying where to look', async () => {
    const typo = await cpk(['tsak', 'list'], { env });
    expect(typo.code).toBe(2);
    expect(typo.error().message).toBe("unknown command 'tsak': did you mean `cpk task`?");
    const unknown = await cpk(['task', 'frobnicate'], { env });
    expect(unknown.error().message).toMatch(
      /^unknown command 'frobnicate' \(commands: add, list, show, .*pickup, done/,
    );
    const flag = await cpk(['task', 'list', '--bogus'], { env });
    expect(flag.error().message).toBe("unknown option '--bogus' (`cpk task list --help` lists its options)");
    for (const res of [typo, unknown, flag]) {
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).not.toContain('\\n');
    }
  });

  it('with --human, usage errors are text too', async () => {
    const res = await cpk(['task', 'create', '--human'], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("error: unknown command 'create': the command is `cpk task add`\n");
    const flag = await cpk(['--human', 'board', 'status', '--nope'], { env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: unknown option '--nope'/);
  });
});
