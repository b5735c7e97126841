/**
 * `npm run bench -- syntax [--json]`: tree-sitter as the completions use it.
 *
 * - grammarLoadMs (per language and the slowest): Language.load of the grammar's WASM plus the warm-up
 *   parse the service runs once, off the keystroke path;
 * - parseMs10kLines: a fresh parse of a 10,000-line TypeScript and Python file (what Explain/Review's
 *   enclosing-function lookup costs on a large file, once per version);
 * - incrementalParseMs10kLines: the same file re-parsed after a one-character edit, reusing the tree;
 * - probeMsP50 / probeMsP95: the completion probe per keystroke (a local slice of the window, parsed
 *   incrementally), over a typed-out run of 300 keystrokes;
 * medians of five runs each.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { grammarOf } from '../src/core/syntax/grammars';
import { SyntaxService } from '../src/core/syntax/syntax';
import { percentile, type BenchResult } from './table';

const GRAMMARS = join(dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
const RUNTIME = dirname(require.resolve('web-tree-sitter'));
const LANGUAGES = [
  'typescript',
  'python',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'csharp',
  'php',
  'ruby',
  'kotlin',
  'css',
  'json',
  'shellscript',
];

export async function run(): Promise<BenchResult> {
  const loads: Record<string, number> = {};
  for (const id of LANGUAGES) {
    const service = new SyntaxService(GRAMMARS, RUNTIME);
    await service.language('lua'); // the runtime's own start-up is not one grammar's cost
    const t0 = performance.now();
    await service.language(id);
    loads[id] = performance.now() - t0;
    service.dispose();
  }
  const big = { typescript: tenThousandLines(join(__dirname, '../src/core/completion/engine.ts')), python: pythonFile() };
  const parses = await Promise.all(Object.entries(big).map(async ([id, text]) => [id, await parseTimes(id, text)] as const));
  const probe = await probeTimes(big.typescript);
  const rows = [
    ...LANGUAGES.map((id) => ({ what: `load ${id}`, ms: loads[id]! })),
    ...parses.flatMap(([id, t]) => [
      { what: `fresh parse, 10,000 lines of ${id}`, ms: t.fresh },
      { what: `incremental parse after one character, ${id}`, ms: t.incremental },
    ]),
    { what: 'completion probe per keystroke, p50', ms: percentile(probe, 50) },
    { what: 'completion probe per keystroke, p95', ms: percentile(probe, 95) },
  ];
  return {
    title: 'Tree-sitter: grammar load, parse of a 10,000-line file, the completion probe',
    rows,
    figures: {
      grammarLoadMsMax: Math.max(...Object.values(loads)),
      grammarLoadMsTypescript: loads['typescript']!,
      parseMs10kLines: Math.max(...parses.map(([, t]) => t.fresh)),
      incrementalParseMs10kLines: Math.max(...parses.map(([, t]) => t.incremental)),
      probeMsP50: percentile(probe, 50),
      probeMsP95: percentile(probe, 95),
    },
  };
}

/** A real source file repeated to 10,000 lines. */
function tenThousandLines(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n');
  return Array.from({ length: 10_000 }, (_, i) => lines[i % lines.length]).join('\n');
}

function pythonFile(): string {
  const unit = [
    'class Store:',
    '    def __init__(self, items):',
    '        self.items = list(items)',
    '',
    '    def total(self):',
    '        return sum(i.price for i in self.items if i.price > 0)',
    '',
  ];
  return Array.from({ length: 10_000 }, (_, i) => unit[i % unit.length]).join('\n');
}

async function parseTimes(id: string, text: string): Promise<{ fresh: number; incremental: number }> {
  await Parser.init({ locateFile: (f: string) => join(RUNTIME, f) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(join(GRAMMARS, `tree-sitter-${grammarOf(id)}.wasm`)));
  parser.parse(text)?.delete(); // warm
  const fresh: number[] = [];
  const incremental: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    const tree = parser.parse(text)!;
    fresh.push(performance.now() - t0);
    const at = Math.floor(text.length / 2) + i;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const point = pointOf(text, at);
    tree.edit({
      startIndex: at,
      oldEndIndex: at,
      newEndIndex: at + 1,
      startPosition: point,
      oldEndPosition: point,
      newEndPosition: { row: point.row, column: point.column + 1 },
    });
    t0 = performance.now();
    parser.parse(edited, tree)?.delete();
    incremental.push(performance.now() - t0);
    tree.delete();
  }
  parser.delete();
  return { fresh: percentile(fresh, 50), incremental: percentile(incremental, 50) };
}

function pointOf(text: string, at: number): { row: number; column: number } {
  const before = text.slice(0, at);
  return { row: before.split('\n').length - 1, column: at - before.lastIndexOf('\n') - 1 };
}

/** Typing 300 characters into the middle of the file, one probe per keystroke on a 200-line window. */
async function probeTimes(text: string): Promise<number[]> {
  const service = new SyntaxService(GRAMMARS, RUNTIME);
  await service.language('typescript');
  const lines = text.split('\n');
  const times: number[] = [];
  let typed = '';
  for (const ch of '  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n'.repeat(4).slice(0, 300)) {
    typed += ch;
    const prefix = lines.slice(4900, 5000).join('\n') + '\n' + typed;
    const suffix = '\n' + lines.slice(5000, 5100).join('\n');
    const t0 = performance.now();
    service.cursorProbe('typescript', prefix, suffix, 'bench');
    times.push(performance.now() - t0);
  }
  service.dispose();
  return times;
}
