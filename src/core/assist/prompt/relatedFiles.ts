import { posix } from 'node:path';

const MAX_IMPORTS = 8;

/**
 * Workspace-relative candidate paths for the local imports of a file, most likely spelling first per
 * import (`./cart` → cart.ts, cart.tsx, cart/index.ts…). The caller keeps the first that exists.
 */
export function importCandidates(path: string, text: string, languageId: string): string[][] {
  const dir = posix.dirname(path);
  const specs = localImports(text, languageId).slice(0, MAX_IMPORTS);
  return specs.map((spec) => candidatesFor(dir, spec, languageId));
}

function localImports(text: string, languageId: string): string[] {
  const found = new Set<string>();
  const add = (re: RegExp): void => {
    for (const m of text.matchAll(re)) if (m[1]) found.add(m[1]);
  };
  if (/^(typescript|javascript)(react)?$/.test(languageId)) {
    add(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g);
    add(/\brequire\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g);
    add(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g);
  } else if (languageId === 'python') {
    add(/^\s*from\s+(\.+[\w.]*)\s+import\b/gm);
    add(/^\s*from\s+([A-Za-z_][\w.]*)\s+import\b/gm);
  } else if (languageId === 'rust') {
    add(/^\s*(?:pub\s+)?mod\s+(\w+)\s*;/gm);
  } else if (/^(c|cpp)$/.test(languageId)) {
    add(/^\s*#\s*include\s+"([^"]+)"/gm);
  }
  return [...found];
}

function candidatesFor(dir: string, spec: string, languageId: string): string[] {
  if (languageId === 'python') return pythonCandidates(dir, spec);
  if (languageId === 'rust') return [posix.join(dir, `${spec}.rs`), posix.join(dir, spec, 'mod.rs')];
  if (languageId === 'c' || languageId === 'cpp') return [posix.join(dir, spec)];
  const base = posix.join(dir, spec);
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  const exts = ['.ts', '.tsx', '.js', '.jsx', '.mjs'];
  return [base, ...exts.map((e) => stripped + e), ...exts.map((e) => posix.join(stripped, `index${e}`))].filter(unique());
}

function pythonCandidates(dir: string, spec: string): string[] {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots).replace(/\./g, '/');
  let base = dots > 0 ? dir : '';
  for (let i = 1; i < dots; i++) base = posix.dirname(base);
  const joined = rest ? posix.join(base, rest) : base;
  return [`${joined}.py`, posix.join(joined, '__init__.py')].map((p) => p.replace(/^\.\//, ''));
}

function unique<T>(): (value: T) => boolean {
  const seen = new Set<T>();
  return (value) => (seen.has(value) ? false : (seen.add(value), true));
}

/** Files that tell a reviewer how this project writes code, checked at the workspace root. */
export const CONVENTION_FILES = [
  'README.md',
  '.editorconfig',
  'CONTRIBUTING.md',
  '.eslintrc',
  '.eslintrc.json',
  '.eslintrc.js',
  '.eslintrc.cjs',
  'eslint.config.js',
  'eslint.config.mjs',
  '.prettierrc',
  '.prettierrc.json',
  'pyproject.toml',
  'setup.cfg',
  '.flake8',
  'ruff.toml',
  'rustfmt.toml',
  'clippy.toml',
  '.golangci.yml',
  '.golangci.yaml',
  'tsconfig.json',
];
