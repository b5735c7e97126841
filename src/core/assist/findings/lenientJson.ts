/** What could be read from a model's tool input sent as text. */
export interface LenientParse {
  value: unknown;
  /** The whole object was read (text around it is ignored); false when parts were salvaged. */
  complete: boolean;
}

/**
 * Reads the first JSON object in `text`. When it is cut short (max_tokens mid-tool-call) or broken,
 * keeps what is whole: the `summary` string and every complete object of the `findings` array.
 */
export function parseLenientJson(text: string): LenientParse | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  const end = matchingBrace(text, start);
  if (end >= 0) {
    const value = tryParse(text.slice(start, end + 1));
    if (value !== undefined) return { value, complete: true };
  }
  return { value: salvage(text.slice(start)), complete: false };
}

function salvage(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const summary = /"summary"\s*:\s*("(?:\\.|[^"\\])*")/.exec(text);
  if (summary) out['summary'] = tryParse(summary[1]!);
  const list = /"findings"\s*:\s*\[/.exec(text);
  if (list) out['findings'] = completeObjects(text, list.index + list[0].length);
  return out;
}

/** Every whole `{…}` element of an array starting at `from`, up to the first incomplete one. */
function completeObjects(text: string, from: number): unknown[] {
  const items: unknown[] = [];
  let i = from;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
    if (text[i] !== '{') return items;
    const end = matchingBrace(text, i);
    if (end < 0) return items;
    const item = tryParse(text.slice(i, end + 1));
    if (item !== undefined) items.push(item);
    i = end + 1;
  }
}

/** Index of the `}` closing the `{` at `start`, skipping strings; -1 when the text ends first. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      if (i < 0) return -1;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i;
  }
  return -1;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
