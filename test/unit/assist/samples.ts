/** Realistic fixtures for the assist tests. */

/** A TypeScript service of about `functions` × 12 lines. */
export function typescriptService(functions: number): string {
  const parts = ["import { readFile } from 'node:fs/promises';", "import type { Order } from './types';", ''];
  for (let i = 0; i < functions; i++) {
    parts.push(
      `/** Loads batch ${i} of orders and totals the paid ones. */`,
      `export async function loadBatch${i}(path: string, rate: number): Promise<number> {`,
      `  const raw = await readFile(path, 'utf8');`,
      `  const orders = JSON.parse(raw) as Order[];`,
      `  let total = 0;`,
      `  for (const order of orders) {`,
      `    if (order.status !== 'paid') continue;`,
      `    total += order.amount * rate;`,
      `  }`,
      `  return Math.round(total * 100) / 100;`,
      `}`,
      '',
    );
  }
  return parts.join('\n');
}

export const ESLINTRC = `{
  "root": true,
  "parser": "@typescript-eslint/parser",
  "rules": {
    "eqeqeq": "error",
    "no-console": "warn",
    "@typescript-eslint/no-explicit-any": "error"
  }
}
`;

export const EDITORCONFIG = `root = true

[*]
indent_style = space
indent_size = 2
end_of_line = lf
`;

export const PYPROJECT = `[project]
name = "billing"
version = "1.4.0"
dependencies = ["httpx>=0.27", "pydantic>=2"]

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "B", "UP"]

[build-system]
requires = ["hatchling"]
`;

export const README = `# Billing

Services that load, total and export customer orders.

## Conventions

- Amounts are in cents until they are displayed.
- Every public function has a doc comment.
`;

export const TYPES_TS = `export interface Order {
  id: string;
  status: 'paid' | 'open' | 'void';
  amount: number;
}
`;

/** A Go handler with a loose-looking comparison only in a string and a real TODO. */
export const GO_HANDLER = `package api

import "net/http"

func Health(w http.ResponseWriter, r *http.Request) {
	// TODO: check the database too
	w.WriteHeader(http.StatusOK)
}
`;
