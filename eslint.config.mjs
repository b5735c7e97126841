// Lint: typescript-eslint's recommended rules plus the layer boundaries ARCHITECTURE.md describes.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core and src/simulator stay free of the VS Code API: put the adapter in src/vscode.' };
const noTestImports = { group: ['**/test/**'], message: 'Shipped code never imports from test/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.run/**', 'demo/**', 'media/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestImports] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [
          noTestImports,
          { group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/core never imports the adapters in src/vscode.' },
          { group: ['**/simulator/**'], message: 'src/core never imports the vendor simulator.' },
        ],
      }],
    },
  },
  {
    files: ['src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [noTestImports, { group: ['**/vscode/**'], message: 'The simulator never imports the adapters.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
