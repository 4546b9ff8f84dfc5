/** One resolver per language family, over the same view of the repository's files. */
import type { ExtractedImport } from '../extract/types.js';
import type { Lang } from '../languages.js';
import type { RepoFiles, Resolution } from './context.js';
import { GoResolver } from './go.js';
import { PythonResolver } from './python.js';
import { RustResolver } from './rust.js';
import { ScriptResolver } from './script.js';

export type { Resolution } from './context.js';
export { RepoFiles } from './context.js';

export class Resolver {
  private readonly script: ScriptResolver;
  private readonly python: PythonResolver;
  private readonly go: GoResolver;
  private readonly rust: RustResolver;

  constructor(repo: RepoFiles) {
    this.script = new ScriptResolver(repo);
    this.python = new PythonResolver(repo);
    this.go = new GoResolver(repo);
    this.rust = new RustResolver(repo);
  }

  resolve(imp: ExtractedImport, from: string, lang: Lang): Resolution {
    switch (lang) {
      case 'python':
        return this.python.resolve(imp.spec, from, imp.names);
      case 'go':
        return this.go.resolve(imp.spec, from);
      case 'rust':
        return this.rust.resolve(imp.spec, from);
      default:
        return this.script.resolve(imp.spec, from);
    }
  }
}
