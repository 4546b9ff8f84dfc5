/** tree-sitter through web-tree-sitter: one runtime per thread, each grammar loaded on first use. */
import type { Language, Node, Parser as ParserType } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { Extracted } from './extract/types.js';
import { extractGo } from './extract/go.js';
import { extractPython } from './extract/python.js';
import { extractRust } from './extract/rust.js';
import { extractScript } from './extract/script.js';
import { grammarWasm, type Lang, loadWebTreeSitter, runtimeWasm } from './languages.js';

type Extractor = (root: Node, text: string) => Extracted;

const script: Extractor = (root, text) => extractScript(root, text);
const EXTRACTORS: Record<Lang, Extractor> = {
  typescript: script,
  tsx: script,
  javascript: script,
  python: (root) => extractPython(root),
  go: (root) => extractGo(root),
  rust: (root) => extractRust(root),
};

export interface SourceParser {
  parse(text: string, lang: Lang): Extracted;
  language(lang: Lang): Promise<Language>;
}

const CHUNK = 4096;

let runtime: Promise<typeof import('web-tree-sitter')> | undefined;

/**
 * For a few files: run the grammars as V8 first compiles them (Liftoff), without compiling the hot
 * ones again for speed (TurboFan), which costs a short scan more CPU than it saves. Only before the
 * first grammar loads; a long scan keeps the default.
 */
export function preferQuickStart(): void {
  if (runtime || process.env.CPK_SCAN_TIER_UP === '1') return;
  setFlagsFromString('--liftoff-only');
}

function init(): Promise<typeof import('web-tree-sitter')> {
  runtime ??= (async () => {
    const ts = loadWebTreeSitter();
    const wasm = runtimeWasm();
    // The bytes, not a path: web-tree-sitter reads a path with `import('fs/promises')`, and starting
    // Node's ES module loader for it cost a short scan more than reading the file.
    await ts.Parser.init({ locateFile: () => wasm, wasmBinary: readFileSync(wasm) });
    return ts;
  })();
  return runtime;
}

/** A parser with every grammar `langs` names loaded. */
export async function createParser(langs: Iterable<Lang>): Promise<SourceParser> {
  const ts = await init();
  const loaded = new Map<Lang, Language>();
  const language = async (lang: Lang): Promise<Language> => {
    let l = loaded.get(lang);
    if (!l) {
      l = await ts.Language.load(readFileSync(grammarWasm(lang)));
      loaded.set(lang, l);
    }
    return l;
  };
  await Promise.all([...new Set(langs)].map(language));
  const parsers = new Map<Lang, ParserType>();
  return {
    language,
    parse(text, lang) {
      let parser = parsers.get(lang);
      if (!parser) {
        const l = loaded.get(lang);
        if (!l) throw new Error(`grammar for ${lang} not loaded`);
        parser = new ts.Parser();
        parser.setLanguage(l);
        parsers.set(lang, parser);
      }
      // In chunks: given the whole string, web-tree-sitter answers every node.text by slicing to the
      // end of the file and cutting back, which made extraction quadratic in the file's length.
      const tree = parser.parse((index) => text.slice(index, index + CHUNK));
      if (!tree) throw new Error('tree-sitter gave no tree');
      try {
        return EXTRACTORS[lang](tree.rootNode, text);
      } finally {
        tree.delete();
      }
    },
  };
}
