/**
 * `npx tsx test/ui/run.ts`: the Playwright UI test, on what users install: packages the VSIX, installs
 * it into code-server, starts the vendor simulator, types in the demo workspace, checks the ghost text
 * appears and Tab accepts it, reviews the file and applies a quick fix; screenshots go to test-results/
 * and (the README's) to docs/media/.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { codeServerCli, ROOT, startCodeServer } from '../harness/codeServer';
import { launchBrowser } from '../harness/browser';
import { EDITOR_TEST_SETTINGS, openWorkbench } from '../harness/workbench';
import { start as startSimulator } from '../../src/simulator/server';
import { acceptWithTab, openFile, SCREENSHOT_DIR, typeUntilGhostText, waitForTandem } from './ghostText';
import { applyQuickFix, DOCS_MEDIA, reviewOpenFile } from './quickFix';

async function main(): Promise<void> {
  const runDir = join(ROOT, '.run', 'ui');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  execFileSync('bash', [join(ROOT, 'scripts', 'package.sh')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const vsix = readdirSync(ROOT).find((f) => /^tandem-.*\.vsix$/.test(f));
  if (!vsix) throw new Error('npm run package produced no .vsix');
  await codeServerCli(runDir, ['--install-extension', join(ROOT, vsix), '--force']);
  console.log(`  ✓ ${vsix} installed into code-server`);
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'demo'), workspace, { recursive: true });
  const shots = join(ROOT, SCREENSHOT_DIR);
  mkdirSync(shots, { recursive: true });
  const docsMedia = join(ROOT, DOCS_MEDIA);
  mkdirSync(docsMedia, { recursive: true });

  const sim = await startSimulator({ port: 0, quiet: true, latency: { ttftMs: 120, tokensPerSec: 400 } });
  const server = await startCodeServer({ runDir, settings: { ...EDITOR_TEST_SETTINGS, 'tandem.simulator.url': sim.url } });
  const browser = await launchBrowser(runDir);
  const t0 = Date.now();
  let page;
  try {
    page = await openWorkbench(browser, { serverUrl: server.url, folder: workspace, development: false });
    await waitForTandem(page);
    console.log(`  ✓ Tandem active in the workbench ${Date.now() - t0} ms after the page opened`);
    await openFile(page, 'inventory.ts');
    const shown = await typeUntilGhostText(page, 'export function ');
    await page.screenshot({ path: join(shots, 'ghost-text.png') });
    console.log(`  ✓ ghost text shown: ${JSON.stringify(shown.slice(0, 80))} → ${SCREENSHOT_DIR}/ghost-text.png`);
    await acceptWithTab(page, shown);
    await page.screenshot({ path: join(shots, 'ghost-text-accepted.png') });
    console.log(`  ✓ Tab accepted it → ${SCREENSHOT_DIR}/ghost-text-accepted.png`);
    const reviewStarted = Date.now();
    await reviewOpenFile(page);
    await applyQuickFix(page, 27, 'best == undefined', 'best === undefined', join(docsMedia, 'quick-fix-menu.png'), join(docsMedia, 'quick-fix-applied.png'));
    console.log(`  ✓ review → quick fix applied in ${Date.now() - reviewStarted} ms → ${DOCS_MEDIA}/quick-fix-menu.png, quick-fix-applied.png`);
  } catch (err) {
    if (page) await page.screenshot({ path: join(shots, 'ui-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await sim.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('UI test failed:', err);
    process.exit(1);
  },
);
