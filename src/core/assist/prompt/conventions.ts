import type { SourceFile } from '../types';

/** pyproject tables that describe code style; the rest (dependencies, build) says nothing about it. */
const PYPROJECT_STYLE_TABLES = /^\[tool\.(?:ruff|black|isort|mypy|pylint|flake8|pyright|pytest)(?:\.|\])/;

/** The part of a conventions file worth sending, and its rank (lint/format configs before READMEs). */
export function conventionExcerpt(file: SourceFile): { file: SourceFile; rank: number } {
  const name = baseName(file.path).toLowerCase();
  if (name === 'pyproject.toml') return { file: { path: file.path, text: styleTables(file.text) }, rank: 0 };
  if (name.startsWith('readme')) return { file, rank: 2 };
  return { file, rank: /^\.?(editorconfig|eslintrc|prettierrc|ruff|rustfmt|clang-format|golangci|checkstyle)/.test(name) ? 0 : 1 };
}

function styleTables(toml: string): string {
  const kept: string[] = [];
  let keep = false;
  for (const line of toml.split('\n')) {
    if (/^\s*\[/.test(line)) keep = PYPROJECT_STYLE_TABLES.test(line.trim());
    if (keep) kept.push(line);
  }
  return kept.join('\n').trim();
}

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}
