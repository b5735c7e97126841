import { join } from 'node:path';
import { SyntaxService } from '../core/syntax/syntax';

let shared: SyntaxService | undefined;

/**
 * The one tree-sitter service of the extension (completions' cursor probe, Explain/Review's enclosing
 * function). Grammars ship in dist/grammars beside the bundle (esbuild.js copies them); each loads on
 * first use of its language.
 */
export function sharedSyntax(): SyntaxService {
  shared ??= new SyntaxService(join(__dirname, 'grammars'));
  return shared;
}

export function disposeSharedSyntax(): void {
  shared?.dispose();
  shared = undefined;
}
