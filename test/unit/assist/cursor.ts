/** Splits a fixture at its cursor marker `║` into the text and the cursor offset. */
export function withCursor(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf('║');
  if (offset < 0) throw new Error('fixture has no ║ cursor marker');
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 1), offset };
}

/** 1-based line number of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}
