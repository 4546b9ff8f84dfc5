/** tree-sitter through web-tree-sitter: one runtime per thread, each grammar loaded on first use. */
import type { Language, Node, Parser as ParserType, Query } from 'web-tree-sitter';
import type { Extracted } from './extract/types.js';
import { extractGo } from './extract/go.js';
import { extractPython } from './extract/python.js';
import { extractRust } from './extract/rust.js';
import { CALL_QUERY, extractScript } from './extract/script.js';
import { grammarWasm, type Lang, loadWebTreeSitter, runtimeWasm } from './languages.js';

type Extractor = (root: Node, calls: () => Query) => Extracted;

const script: Extractor = (root, calls) => extractScript(root, calls);
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

function init(): Promise<typeof import('web-tree-sitter')> {
  runtime ??= (async () => {
    const ts = loadWebTreeSitter();
    const wasm = runtimeWasm();
    await ts.Parser.init({ locateFile: () => wasm });
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
      l = await ts.Language.load(grammarWasm(lang));
      loaded.set(lang, l);
    }
    return l;
  };
  for (const lang of new Set(langs)) await language(lang);
  const parsers = new Map<Lang, { parser: ParserType; calls: () => Query }>();
  return {
    language,
    parse(text, lang) {
      let entry = parsers.get(lang);
      if (!entry) {
        const l = loaded.get(lang);
        if (!l) throw new Error(`grammar for ${lang} not loaded`);
        const parser = new ts.Parser();
        parser.setLanguage(l);
        // Compiled on first use (it costs tens of milliseconds), by the script grammars only.
        let query: Query | undefined;
        entry = { parser, calls: () => (query ??= new ts.Query(l, CALL_QUERY)) };
        parsers.set(lang, entry);
      }
      // In chunks: given the whole string, web-tree-sitter answers every node.text by slicing to the
      // end of the file and cutting back, which made extraction quadratic in the file's length.
      const tree = entry.parser.parse((index) => text.slice(index, index + CHUNK));
      if (!tree) throw new Error('tree-sitter gave no tree');
      try {
        return EXTRACTORS[lang](tree.rootNode, entry.calls);
      } finally {
        tree.delete();
      }
    },
  };
}
