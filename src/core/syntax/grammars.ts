/** VS Code language id → tree-sitter grammar (tree-sitter-wasms file `tree-sitter-<name>.wasm`). */
const GRAMMARS: Readonly<Record<string, string>> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  csharp: 'c_sharp',
  php: 'php',
  ruby: 'ruby',
  kotlin: 'kotlin',
  css: 'css',
  // No SCSS grammar in tree-sitter-wasms: CSS parses most of it (nesting aside).
  scss: 'css',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
  shellscript: 'bash',
  lua: 'lua',
};

export function grammarOf(languageId: string): string | undefined {
  return GRAMMARS[languageId];
}

/** Every grammar file the extension ships (esbuild copies these into dist/grammars). */
export function shippedGrammarFiles(): string[] {
  return [...new Set(Object.values(GRAMMARS))].map((g) => `tree-sitter-${g}.wasm`);
}

/** Node types that are a function, method or class-like declaration, across the grammars above. */
export const FUNCTION_NODES = new Set([
  'function_declaration',
  'function_definition',
  'function_item',
  'method_definition',
  'method_declaration',
  'constructor_declaration',
  'function_expression',
  'arrow_function',
  'generator_function_declaration',
  'local_function_declaration',
  'method',
  'singleton_method',
  'func_literal',
  'lambda_expression',
  'anonymous_function',
  'local_function',
  'function_definition_statement',
]);

export const CLASS_NODES = new Set([
  'class_declaration',
  'class_definition',
  'class',
  'module',
  'struct_item',
  'impl_item',
  'trait_item',
  'enum_item',
  'interface_declaration',
  'enum_declaration',
  'struct_specifier',
  'class_specifier',
  'namespace_definition',
  'object_declaration',
  'record_declaration',
  'type_declaration',
]);
