/**
 * `npm run bench -- tour`: the offline demo's scripted tour. At ≥ 30 positions of the demo workspace a
 * developer types something new; each position goes through the real composed path (CompletionEngine →
 * Router → Codestral client over the official SDK → vendor simulator with the demo as its corpus) and
 * is judged on what would be shown: is there ghost text, and does it re-type existing code (re-declare a
 * name the workspace already declares, or repeat three lines of it verbatim)?
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { documentWithCursor } from '../src/core/completion/document';
import { start as startSimulator } from '../src/simulator/server';
import { duplicatesSource, redeclares } from '../src/simulator/model/adapt';
import { buildCoreStack } from '../test/harness/coreStack';
import type { BenchResult } from './table';

const DEMO = join(__dirname, '..', 'demo');

/** Where the developer types: after the first line containing `after` (or at the end), then `typed`. */
export interface TourStop {
  file: string;
  after?: string;
  typed: string;
}

const LANGUAGES: Record<string, string> = { ts: 'typescript', py: 'python', go: 'go', yaml: 'yaml' };

export const TOUR: TourStop[] = [
  { file: 'src/inventory.ts', typed: '\nexport function mostExpensive(items: Item[]): Item | undefined {\n' },
  { file: 'src/inventory.ts', typed: '\nexport function averagePrice(items: Item[]): number {\n' },
  { file: 'src/inventory.ts', typed: '\nexport function ' },
  { file: 'src/inventory.ts', typed: '\nexport function outOfStock(items: Item[]): Item[] {\n  return items.' },
  { file: 'src/inventory.ts', typed: '\nexport function totalWeight(items: Item[]): number {\n' },
  { file: 'src/inventory.ts', after: 'export interface Item {', typed: '  category: string;\n' },
  { file: 'src/inventory.ts', typed: '\nexport function hasItem(items: Item[], sku: string): boolean {\n' },
  { file: 'src/cart.ts', after: '  toJSON(): string {', typed: '\n  toCSV(): string {\n' },
  { file: 'src/cart.ts', after: '    if (index >= 0) this.lines.splice(index, 1);\n  }', typed: '\n  count(): number {\n' },
  { file: 'src/cart.ts', after: '    if (index >= 0) this.lines.splice(index, 1);\n  }', typed: '\n  clear(): void {\n' },
  {
    file: 'src/cart.ts',
    after: '    return subtotal * (1 - discount.percent / 100);\n  }',
    typed: '\n  total(discount?: Discount): number {\n',
  },
  { file: 'src/cart.ts', after: 'export interface Discount {', typed: '  expires: ' },
  {
    file: 'src/cart.ts',
    after: '  subtotal(): number {',
    typed: '    let total = 0;\n    for (const line of this.lines) {\n      const item = ',
  },
  { file: 'src/api/client.ts', typed: '\nexport async function deleteJson<T>(path: string, options: ApiOptions): Promise<T> {\n' },
  {
    file: 'src/api/client.ts',
    typed: '\nexport async function putJson<T>(path: string, body: unknown, options: ApiOptions): Promise<T> {\n',
  },
  { file: 'src/api/client.ts', typed: '\nexport async function ' },
  { file: 'src/api/client.ts', after: 'export interface ApiOptions {', typed: '  headers: ' },
  { file: 'scripts/forecast.py', typed: '\n\ndef safety_stock(history: list[int], service_level: float = 0.95) -> int:\n' },
  { file: 'scripts/forecast.py', typed: '\n\ndef trend(values: list[int]) -> float:\n' },
  { file: 'scripts/forecast.py', typed: '\n\ndef ' },
  { file: 'scripts/forecast.py', typed: '\n\ndef total_units(sales: list[tuple[date, Sale]]) -> int:\n    return ' },
  { file: 'scripts/report.py', typed: '\n\ndef average_price(sales: list[Sale]) -> float:\n' },
  { file: 'scripts/report.py', typed: '\n\ndef worst_seller(sales: list[Sale]) -> str | None:\n' },
  { file: 'scripts/report.py', typed: '\n\ndef ' },
  { file: 'scripts/report.py', after: '    unit_price: float', typed: '\n    discount: ' },
  {
    file: 'services/pricing/pricing.go',
    typed: '\n// MarginOf returns the margin of a product at the given price.\nfunc MarginOf(p Product, price float64) float64 {\n',
  },
  { file: 'services/pricing/pricing.go', typed: '\nfunc ' },
  {
    file: 'services/pricing/pricing.go',
    typed: '\n// Expired reports whether the promotion has ended.\nfunc (promo Promotion) Expired(at time.Time) bool {\n',
  },
  {
    file: 'services/pricing/pricing.go',
    typed: '\n// ListPrice is the shelf price before promotions.\nfunc ListPrice(p Product) (float64, error) {\n',
  },
  { file: 'services/pricing/pricing_test.go', typed: '\nfunc TestRoundCents(t *testing.T) {\n' },
  { file: 'services/pricing/pricing_test.go', typed: '\nfunc TestPromotionActive(t *testing.T) {\n' },
  { file: 'config/app.yaml', after: '    retries: 3', typed: '\n  orders:\n' },
  { file: 'config/app.yaml', after: '    retries: 3', typed: '\n  shipping:\n    url: ' },
  { file: 'config/app.yaml', after: '  format: json', typed: '\n\ncache:\n' },
];

function demoFiles(dir = DEMO): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return demoFiles(full);
    return [{ path: relative(DEMO, full), text: readFileSync(full, 'utf8') }];
  });
}

/** The document with the stop's text typed and the cursor after it. */
export function typedAt(stop: TourStop, text: string): string {
  const at = stop.after === undefined ? text.trimEnd().length : text.indexOf(stop.after) + stop.after.length;
  if (at < 0 || (stop.after !== undefined && text.indexOf(stop.after) < 0)) throw new Error(`tour: "${stop.after}" not in ${stop.file}`);
  const lineEnd = stop.after === undefined ? at : text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  const insertion = stop.after !== undefined && !stop.typed.startsWith('\n') ? '\n' + stop.typed : stop.typed;
  return text.slice(0, lineEnd) + insertion + '█' + text.slice(lineEnd);
}

export async function run(): Promise<BenchResult> {
  const sim = await startSimulator({ port: 0, quiet: true, corpusDir: DEMO, latency: { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 } });
  const stack = await buildCoreStack({ mistralUrl: sim.url, anthropicUrl: sim.url });
  const files = demoFiles();
  const rows: BenchResult['rows'] = [];
  let shown = 0;
  let duplicates = 0;
  try {
    for (const stop of TOUR) {
      const original = files.find((f) => f.path === stop.file)!.text;
      const marked = typedAt(stop, original);
      const { doc, cursor } = documentWithCursor(stop.file, LANGUAGES[stop.file.split('.').pop()!] ?? 'plaintext', marked);
      const suggestion = await stack.engine.complete({ doc, cursor, trigger: 'manual' }, new AbortController().signal);
      const text = suggestion?.text ?? '';
      const prefix = marked.slice(0, marked.indexOf('█'));
      const sources = files.map((f) => f.text);
      const lines = (prefix.slice(prefix.lastIndexOf('\n') + 1) + text).split('\n');
      const duplicate = text !== '' && (redeclares(prefix, text, sources) || duplicatesSource(lines, sources));
      if (text.trim() !== '') shown++;
      if (duplicate) duplicates++;
      rows.push({
        file: stop.file,
        typed: JSON.stringify(stop.typed.trim().slice(-34)),
        shown: JSON.stringify(text.slice(0, 48)),
        duplicate: duplicate ? 'yes' : '',
      });
    }
  } finally {
    await stack.dispose();
    await sim.close();
  }
  return {
    title: `Demo tour: ${TOUR.length} novel positions through the engine and the simulator's FIM model`,
    rows,
    figures: { tourPositions: TOUR.length, ghostTextShare: shown / TOUR.length, duplicateShare: duplicates / TOUR.length },
    notes: [
      'ghostTextShare: positions where the engine returned ghost text (target ≥ 0.8); duplicateShare: ghost text that re-declares an existing name or repeats three lines of the workspace verbatim (target 0).',
    ],
  };
}
