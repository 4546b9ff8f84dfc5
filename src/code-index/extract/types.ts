import type { SymbolKind } from '../api.js';

export interface ExtractedSymbol {
  name: string;
  kind: SymbolKind;
  /** 1-based. */
  line: number;
  end_line: number;
  exported: boolean;
  parent?: string;
}

export interface ExtractedImport {
  /** As written, without quotes. */
  spec: string;
  /** 1-based. */
  line: number;
  /** Python `from m import a, b`: the names, some of which may be submodules. */
  names?: string[];
}

export interface Extracted {
  symbols: ExtractedSymbol[];
  imports: ExtractedImport[];
}

export function line(node: { startPosition: { row: number } }): number {
  return node.startPosition.row + 1;
}

export function endLine(node: { endPosition: { row: number } }): number {
  return node.endPosition.row + 1;
}
