import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A published extension cannot enable proposed API: VS Code calls a provider's proposal-only methods
 * (and exposes proposal-only members) only to extensions that declare the proposal. code-server enables
 * every proposal, so tests in it cannot catch this; these checks read our sources against the stable
 * typings in @types/vscode.
 */
const ROOT = join(__dirname, '..', '..', '..');
const STABLE = readFileSync(join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The body of `export interface Name … {` in the stable typings (brace-matched). */
function stableInterface(name: string): string | undefined {
  const start = new RegExp(`export (?:interface|class) ${name}\\b[^{]*\\{`).exec(STABLE);
  if (!start) return undefined;
  let depth = 1;
  let i = start.index + start[0].length;
  for (; i < STABLE.length && depth > 0; i++) {
    if (STABLE[i] === '{') depth++;
    else if (STABLE[i] === '}') depth--;
  }
  return STABLE.slice(start.index, i);
}

/** Public method names declared directly in a class body (two-space indented members). */
function classMethods(source: string, className: string): string[] {
  const start = source.indexOf(`class ${className}`);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  return [...body.matchAll(/^ {2}(?:async )?([a-zA-Z_]\w*)\s*(?:<[^>]*>)?\(/gm)].map((m) => m[1]!).filter((n) => n !== 'constructor');
}

const SHIPPED = sources(join(ROOT, 'src')).filter((p) => !p.includes(`${join('src', 'simulator')}`));

describe('stable VS Code API only', () => {
  it('the manifest declares no API proposal', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.enabledApiProposals, undefined);
  });

  it('every method of a class implementing a VS Code provider interface exists in the stable interface', () => {
    // Providers and serializers are called back by name: a method the stable interface lacks is dead code
    // in every user's VS Code (other classes, e.g. our Disposables, may well have methods of their own).
    let checked = 0;
    for (const path of SHIPPED) {
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/class (\w+)[^{]*\bimplements\s+vscode\.(\w+(?:Provider|Serializer))\b/g)) {
        const stable = stableInterface(m[2]!);
        assert.ok(stable, `${path}: vscode.${m[2]} is not in the stable API`);
        for (const method of classMethods(source, m[1]!)) {
          if (source.includes(`private ${method}(`) || source.includes(`private async ${method}(`)) continue;
          assert.match(
            stable,
            new RegExp(`\\b${method}\\??\\(`),
            `${path}: ${m[1]}.${method} is not a member of stable vscode.${m[2]} (a proposal?)`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 0, 'found the providers to check');
  });

  it('no shipped code names a member of the inline-completion proposals', () => {
    const proposalOnly = [
      'handleDidShowCompletionItem',
      'handleDidPartiallyAcceptCompletionItem',
      'handleEndOfLifetime',
      'handleListEndOfLifetime',
      'handleDidRejectCompletionItem',
    ];
    for (const name of proposalOnly) assert.ok(!STABLE.includes(name), `${name} became stable: update this list`);
    for (const path of SHIPPED) {
      const source = readFileSync(path, 'utf8');
      for (const name of proposalOnly) assert.ok(!source.includes(name), `${path} uses ${name}, which only exists in a proposal`);
    }
  });

  it('the check catches a provider that implements a proposal-only method', () => {
    const fake =
      'class P implements vscode.InlineCompletionItemProvider {\n  provideInlineCompletionItems() {}\n  handleDidShowCompletionItem() {}\n}\n';
    const stable = stableInterface('InlineCompletionItemProvider')!;
    const missing = classMethods(fake, 'P').filter((m) => !new RegExp(`\\b${m}\\??\\(`).test(stable));
    assert.deepEqual(missing, ['handleDidShowCompletionItem']);
  });
});
