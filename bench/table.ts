/** What every bench suite returns: rows for the human, figures (named as the issue names them) for --json. */
export interface BenchResult {
  title: string;
  rows: Array<Record<string, string | number>>;
  figures: Record<string, number | Record<string, Record<string, number>>>;
  notes?: string[];
}

export function printTable(suite: string, result: BenchResult): void {
  console.log(`\n${result.title} (bench: ${suite})\n`);
  if (result.rows.length > 0) {
    const cols = Object.keys(result.rows[0]!);
    const cell = (v: string | number | undefined): string =>
      typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : (v ?? '');
    const widths = cols.map((c) => Math.max(c.length, ...result.rows.map((r) => cell(r[c]).length)));
    const line = (vals: string[]): string => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
    console.log(line(cols));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const r of result.rows) console.log(line(cols.map((c) => cell(r[c]))));
  }
  for (const n of result.notes ?? []) console.log(`\n${n}`);
  console.log('');
}

/** Median and percentile helpers shared by suites. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}
