// Bundles the extension (and, with --tests, the extension-host test suites) with esbuild.
// esbuild does not type-check: `npm run typecheck` (tsc --noEmit) does.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/** Prints errors in the format of the `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // web-tree-sitter's ESM build reads import.meta.url (to require node modules and find its .wasm).
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  plugins: watch ? [problemMatcher] : [],
};

function testEntryPoints() {
  const dir = path.join(__dirname, 'test', 'integration', 'suite');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/**
 * The tree-sitter runtime and the grammars the syntax module maps (src/core/syntax/grammars.ts) are
 * loaded at run time from dist/grammars, so they are copied there rather than bundled.
 */
function copyGrammars() {
  const out = path.join(__dirname, 'dist', 'grammars');
  fs.mkdirSync(out, { recursive: true });
  const runtime = path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
  fs.copyFileSync(runtime, path.join(out, 'tree-sitter.wasm'));
  const source = fs.readFileSync(path.join(__dirname, 'src', 'core', 'syntax', 'grammars.ts'), 'utf8');
  const table = source.slice(source.indexOf('GRAMMARS'), source.indexOf('};'));
  const names = new Set([...table.matchAll(/:\s*'([\w]+)'/g)].map((m) => m[1]));
  let bytes = 0;
  for (const name of names) {
    const file = `tree-sitter-${name}.wasm`;
    fs.copyFileSync(path.join(__dirname, 'node_modules', 'tree-sitter-wasms', 'out', file), path.join(out, file));
    bytes += fs.statSync(path.join(out, file)).size;
  }
  console.log(`dist/grammars: ${names.size} grammars, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
}

async function main() {
  copyGrammars();
  const builds = [{ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true }];
  if (withTests) {
    builds.push({
      ...common,
      minify: false,
      sourcemap: true,
      entryPoints: testEntryPoints(),
      outdir: 'out/test/suite',
      external: ['vscode', 'mocha'],
    });
  }
  for (const options of builds) {
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    } else {
      const result = await esbuild.build(options);
      if (result.metafile) {
        const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
        console.log(`dist/extension.js: ${(bytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
