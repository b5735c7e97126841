const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]{2,}/g;

/** Words that say nothing about what code is about; they would make every window look alike. */
const NOISE = new Set(
  (
    'const let var function return import export from class interface type public private protected static ' +
    'void int string number boolean true false null undefined this self def elif else for while break continue ' +
    'new try catch finally throw async await yield package func struct impl pub mut use mod match case switch default ' +
    'and not the None True False'
  ).split(' '),
);

/** The identifiers of a piece of code, as a set, for Jaccard similarity. */
export function identifierSet(text: string): Set<string> {
  const set = new Set<string>();
  for (const m of text.matchAll(IDENTIFIER)) {
    const word = m[0];
    if (!NOISE.has(word)) set.add(word);
  }
  return set;
}
