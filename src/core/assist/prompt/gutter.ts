/** Width of the widest line number of a file, so every gutter of that file lines up. */
export function gutterWidth(lastLine: number): number {
  return String(lastLine).length;
}

/**
 * `  12| code` — the line-number gutter the review model reads its line numbers from. `marker`
 * replaces the space after the bar (`+` for an added line in a diff).
 */
export function gutterLine(line: number, text: string, width: number, marker = ' '): string {
  return `${String(line).padStart(width)}|${marker}${text}`;
}

/** Lines [startLine, endLine] (1-based) of `lines`, each behind its gutter. */
export function numberedLines(lines: string[], startLine: number, endLine: number, width = gutterWidth(lines.length)): string[] {
  const out: string[] = [];
  for (let n = startLine; n <= endLine; n++) out.push(gutterLine(n, lines[n - 1] ?? '', width));
  return out;
}

/** Splits a document into lines without the trailing empty line a final newline leaves. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
