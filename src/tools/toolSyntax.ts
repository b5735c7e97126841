/**
 * The tree-sitter probe for the command-line tools and tests (replay, golden corpus, benches): the same
 * SyntaxService the extension uses, reading grammars from node_modules instead of the VSIX's
 * dist/grammars, loaded up front so every case sees the parser (the extension may answer one keystroke
 * without it while a grammar loads).
 */
import { dirname, join } from 'node:path';
import type { SyntaxProbe } from '../core/completion/prepare';
import { grammarOf } from '../core/syntax/grammars';
import { SyntaxService } from '../core/syntax/syntax';

export async function loadedSyntaxProbe(languageIds: Iterable<string>): Promise<{ probe: SyntaxProbe; service: SyntaxService }> {
  const grammars = join(dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
  const service = new SyntaxService(grammars, dirname(require.resolve('web-tree-sitter')));
  await Promise.all([...new Set(languageIds)].filter((id) => grammarOf(id)).map((id) => service.language(id)));
  return { probe: (languageId, prefix, suffix, key) => service.cursorProbe(languageId, prefix, suffix, key), service };
}
