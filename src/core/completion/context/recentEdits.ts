import type { Snippet } from './snippet';

interface EditRegion {
  path: string;
  line: number;
  at: number;
}

export interface LineSource {
  lineCount: number;
  lineAt(line: number): string;
}

/**
 * Remembers where the user edited recently (one region per file and neighbourhood), newest first, and
 * turns those regions into snippets of the current text around them.
 */
export class RecentEdits {
  private regions: EditRegion[] = [];

  constructor(
    private readonly maxRegions = 16,
    private readonly radius = 6,
  ) {}

  noteEdit(path: string, line: number, at: number): void {
    this.regions = this.regions.filter((r) => r.path !== path || Math.abs(r.line - line) > this.radius);
    this.regions.unshift({ path, line, at });
    if (this.regions.length > this.maxRegions) this.regions.length = this.maxRegions;
  }

  forget(path: string): void {
    this.regions = this.regions.filter((r) => r.path !== path);
  }

  /**
   * Snippets for regions outside the prompt's own window (those are in the prompt already).
   * Newer edits score higher.
   */
  snippets(lookup: (path: string) => LineSource | undefined, window: { path: string; firstLine: number; lastLine: number }): Snippet[] {
    const out: Snippet[] = [];
    this.regions.forEach((region, rank) => {
      if (region.path === window.path && region.line >= window.firstLine - this.radius && region.line <= window.lastLine + this.radius)
        return;
      const doc = lookup(region.path);
      if (!doc) return;
      const start = Math.max(0, region.line - this.radius);
      const end = Math.min(doc.lineCount, region.line + this.radius + 1);
      const lines: string[] = [];
      for (let i = start; i < end; i++) lines.push(doc.lineAt(i));
      out.push({ source: 'recentEdits', path: region.path, startLine: start, text: lines.join('\n'), score: 1 / (rank + 1) });
    });
    return out;
  }
}
