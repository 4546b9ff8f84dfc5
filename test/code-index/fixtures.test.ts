/** Each language's fixture repository (test/code-index/fixtures/<lang>), with what the index must say written out by hand. */
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeIndex } from '../../src/code-index/api.js';
import { removeTempDirs } from '../helpers/temp.js';
import { dependentFiles, scannedFixture } from './fixture-helpers.js';

const opened: CodeIndex[] = [];
async function fixture(name: string): Promise<CodeIndex> {
  const { index } = await scannedFixture(name);
  opened.push(index);
  return index;
}
afterAll(() => {
  for (const i of opened) i.close();
  removeTempDirs();
});

/** `name kind line [exported] [parent]` per symbol of one file. */
function symbolsOf(index: CodeIndex, file: string): string[] {
  return index
    .symbols({ file, limit: 1000 })
    .map((s) =>
      [s.name, s.kind, s.at.split(':')[1], s.exported ? 'exported' : '', s.parent ? `of ${s.parent}` : '']
        .filter(Boolean)
        .join(' '),
    );
}

function importsOf(index: CodeIndex, file: string): string[] {
  return index.imports(file).map((i) => `${i.line} ${i.spec} -> ${i.file ?? (i.external ? 'external' : 'unresolved')}`);
}

describe('TypeScript, TSX and JavaScript', () => {
  it('symbols of every kind, with exports and members', async () => {
    const ix = await fixture('typescript');
    expect(symbolsOf(ix, 'src/greet.ts')).toEqual([
      'greet function 2 exported',
      'internal function 6',
      'Greeter class 11 exported',
      'hello method 12 exported of Greeter',
      'secret method 15 of Greeter',
      '#hidden method 16 of Greeter',
      'make method 17 exported of Greeter',
      'arrow function 22 exported',
    ]);
    expect(symbolsOf(ix, 'src/lib/shapes.ts')).toEqual([
      'Shape enum 2 exported',
      'area function 7 exported',
      'Sized interface 11 exported',
      'size method 12 exported of Sized',
      'Pair type 16 exported',
      'Base class 18 exported',
      'draw method 19 exported of Base',
    ]);
    expect(symbolsOf(ix, 'src/types.ts')).toEqual([
      'Options interface 2 exported',
      'Internal module 6',
      'inner function 7',
      'declared function 10 exported',
    ]);
    expect(symbolsOf(ix, 'src/index.ts')).toEqual([
      'VERSION constant 9 exported',
      'counter variable 10',
      'main function 12 exported',
      'lazy function 17 exported',
    ]);
    expect(symbolsOf(ix, 'src/lazy.ts')).toEqual(['default function 2 exported']);
    expect(symbolsOf(ix, 'src/view.tsx')).toEqual(['View function 4 exported', 'local constant 8']);
    expect(symbolsOf(ix, 'src/legacy.js')).toEqual(['legacy function 3 exported']);
  });

  it('imports resolved through paths, .js → .ts, index files, JSON, dynamic import, require and workspace exports', async () => {
    const ix = await fixture('typescript');
    expect(importsOf(ix, 'src/index.ts')).toEqual([
      '2 ./greet.js -> src/greet.ts',
      '3 @lib/shapes -> src/lib/shapes.ts',
      '4 ../config.json -> config.json',
      '5 ./types -> src/types.ts',
      '6 lodash -> external',
      '7 ./lib -> src/lib/index.ts',
      '18 ./lazy -> src/lazy.ts',
      '21 ./missing -> unresolved',
    ]);
    expect(importsOf(ix, 'src/legacy.js')).toEqual(['1 ./greet -> src/greet.ts']);
    expect(importsOf(ix, 'src/uses-workspace.ts')).toEqual([
      '2 @fx/util -> packages/util/src/main.ts',
      '3 @fx/util/extra -> packages/util/src/extra.ts',
    ]);
    expect(ix.imports('src/index.ts').find((i) => i.spec === './missing')?.resolved).toBe(false);
  });

  it('dependents, direct and transitive with the path', async () => {
    const ix = await fixture('typescript');
    expect(dependentFiles(ix, 'src/greet.ts')).toEqual([
      'src/index.ts',
      'src/legacy.js',
      'src/lib/index.ts',
      'src/view.tsx',
    ]);
    expect(dependentFiles(ix, 'src/lib/shapes.ts')).toEqual(['src/index.ts']);
    expect(dependentFiles(ix, 'config.json')).toEqual(['src/index.ts']);
    expect(dependentFiles(ix, 'src/index.ts')).toEqual([]);
    expect(() => ix.dependents('src/nope.ts')).toThrow(/not in the code index/);
  });
});

describe('Python', () => {
  it('symbols: classes, methods, functions, constants; _private and __all__', async () => {
    const ix = await fixture('python');
    expect(symbolsOf(ix, 'app/core.py')).toEqual([
      'MAX_SIZE constant 5 exported',
      '_private variable 6',
      'name variable 7 exported',
      'Base class 10 exported',
      'Engine class 14 exported',
      'run method 15 exported of Engine',
      '_hidden method 18 of Engine',
      'start function 22 exported',
      'decorated function 29 exported',
    ]);
    expect(symbolsOf(ix, 'app/models/user.py')).toEqual([
      'User class 1 exported',
      '__init__ method 2 of User',
      'name method 5 exported of User',
    ]);
  });

  it('imports: packages, relative levels, submodules named by from-imports, imports inside functions', async () => {
    const ix = await fixture('python');
    expect(importsOf(ix, 'app/core.py')).toEqual([
      '1 os -> external',
      '2 . -> app/__init__.py',
      '2 . -> app/util.py',
      '3 .models -> app/models/__init__.py',
    ]);
    expect(importsOf(ix, 'main.py')).toEqual([
      '1 app.core -> app/core.py',
      '2 app -> app/__init__.py',
      '2 app -> app/models/__init__.py',
      '3 requests -> external',
      '4 .nothing -> unresolved',
      '8 app.util -> app/util.py',
    ]);
    expect(dependentFiles(ix, 'app/models/user.py', 2)).toEqual([
      'app/core.py via app/models/__init__.py',
      'app/models/__init__.py',
      'main.py via app/models/__init__.py',
    ]);
  });
});

describe('Go', () => {
  it('symbols: structs, interfaces and their methods, methods with receivers, types, constants, variables', async () => {
    const ix = await fixture('go');
    expect(symbolsOf(ix, 'internal/store/store.go')).toEqual([
      'DefaultSize constant 5 exported',
      'cache variable 7',
      'Store struct 9 exported',
      'Getter interface 13 exported',
      'Get method 14 exported of Getter',
      'ID type 17 exported',
      'Handler type 19 exported',
      'New function 21 exported',
      'Get method 25 exported of Store',
    ]);
  });

  it('imports through go.mod name every non-test file of the package', async () => {
    const ix = await fixture('go');
    expect(importsOf(ix, 'main.go')).toEqual([
      '4 fmt -> external',
      '6 example.com/shop/internal/store -> internal/store/item.go',
      '6 example.com/shop/internal/store -> internal/store/store.go',
      '7 github.com/pkg/errors -> external',
    ]);
    expect(dependentFiles(ix, 'internal/util/util.go', 2)).toEqual([
      'internal/store/store.go',
      'main.go via internal/store/store.go',
    ]);
    expect(dependentFiles(ix, 'internal/store/store_test.go')).toEqual([]);
  });
});

describe('Rust', () => {
  it('symbols: structs, enums, traits, impls and their methods, consts, types, modules; pub(crate) is not exported', async () => {
    const ix = await fixture('rust');
    expect(symbolsOf(ix, 'src/geometry/mod.rs')).toEqual([
      'circle module 1 exported',
      'Point struct 3 exported',
      'Point impl 7',
      'new method 8 exported of Point',
      'secret method 12 of Point',
      'crate::Describe for Point impl 15',
      'describe method 16 exported of crate::Describe for Point',
    ]);
    expect(symbolsOf(ix, 'src/lib.rs')).toEqual([
      'geometry module 1 exported',
      'util module 2',
      'version function 7 exported',
      'Describe trait 11 exported',
      'describe method 12 exported of Describe',
      'Wrapper struct 15 exported',
    ]);
    expect(symbolsOf(ix, 'src/util.rs')).toEqual(['square function 1', 'cube function 5']);
  });

  it('mod declarations and use paths through crate, super and the crate name', async () => {
    const ix = await fixture('rust');
    expect(importsOf(ix, 'src/lib.rs')).toEqual([
      '1 mod geometry -> src/geometry/mod.rs',
      '2 mod util -> src/util.rs',
      '4 crate::geometry::Point -> src/geometry/mod.rs',
      '5 std::fmt -> external',
    ]);
    expect(importsOf(ix, 'src/geometry/circle.rs')).toEqual([
      '1 super::Point -> src/geometry/mod.rs',
      '2 crate::util::cube -> src/util.rs',
      '2 crate::util::square -> src/util.rs',
    ]);
    expect(importsOf(ix, 'src/main.rs')).toEqual(['1 shapes_kit::geometry::circle::Circle -> src/geometry/circle.rs']);
    expect(dependentFiles(ix, 'src/util.rs')).toEqual(['src/geometry/circle.rs', 'src/lib.rs']);
  });
});
