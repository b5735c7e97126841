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
import { applyQuickFix, reviewOpenFile } from './quickFix';
import { chooseReviewModel, closeEditors, openStatusMenu, pickRow, README_SHOTS, stepDone, walkthroughOpened } from './onboarding';

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
  const readme = join(ROOT, README_SHOTS);
  mkdirSync(readme, { recursive: true });

  const sim = await startSimulator({ port: 0, quiet: true, latency: { ttftMs: 120, tokensPerSec: 400 } });
  const server = await startCodeServer({ runDir, settings: { ...EDITOR_TEST_SETTINGS, 'tandem.simulator.url': sim.url } });
  const browser = await launchBrowser(runDir);
  const t0 = Date.now();
  let page;
  try {
    page = await openWorkbench(browser, { serverUrl: server.url, folder: workspace, development: false });
    await waitForTandem(page);
    console.log(`  ✓ Tandem active in the workbench ${Date.now() - t0} ms after the page opened`);
    await walkthroughOpened(page);
    await page.screenshot({ path: join(readme, 'walkthrough.png') });
    console.log(`  ✓ the walkthrough opened by itself on first run → ${README_SHOTS}/walkthrough.png`);
    await closeEditors(page);
    await openFile(page, 'inventory.ts');
    const shown = await typeUntilGhostText(page, 'export function ');
    await page.screenshot({ path: join(shots, 'ghost-text.png') });
    await page.screenshot({ path: join(readme, 'ghost-text.png') });
    console.log(`  ✓ ghost text shown: ${JSON.stringify(shown.slice(0, 80))} → ${SCREENSHOT_DIR}/ghost-text.png`);
    await acceptWithTab(page, shown);
    await page.screenshot({ path: join(shots, 'ghost-text-accepted.png') });
    console.log(`  ✓ Tab accepted it → ${SCREENSHOT_DIR}/ghost-text-accepted.png`);
    if (!(await stepDone(page, 'Accept a completion')))
      throw new Error('the walkthrough step "Accept a completion" did not complete on its event');
    console.log('  ✓ the walkthrough ticked "Accept a completion" on its event');
    await closeEditors(page);
    await openFile(page, 'inventory.ts');
    const reviewStarted = Date.now();
    await reviewOpenFile(page);
    await applyQuickFix(
      page,
      27,
      'best == undefined',
      'best === undefined',
      join(readme, 'quick-fix-menu.png'),
      join(readme, 'quick-fix-applied.png'),
    );
    console.log(
      `  ✓ review → quick fix applied in ${Date.now() - reviewStarted} ms → ${README_SHOTS}/quick-fix-menu.png, quick-fix-applied.png`,
    );

    const entries = await openStatusMenu(page);
    for (const label of [
      'Pause completions',
      'Explain code',
      'Review code',
      'Show telemetry',
      'Set budget',
      'Choose models',
      'Set Codestral API key',
      'Show log',
    ]) {
      if (!entries.some((e) => e.includes(label))) throw new Error(`status menu lacks "${label}": ${entries.join(' | ')}`);
    }
    await page.screenshot({ path: join(readme, 'status-menu.png') });
    await pickRow(page, 'Show telemetry');
    await page.locator('.tab', { hasText: 'Tandem Telemetry' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(readme, 'telemetry.png') });
    console.log(`  ✓ status menu → Show telemetry opened the view → ${README_SHOTS}/status-menu.png, telemetry.png`);

    const routes = (await chooseReviewModel(
      page,
      ['User', 'Machine'].map((scope) => join(runDir, 'user-data', scope, 'settings.json')),
    )) as Record<string, string[]>;
    if (JSON.stringify(routes.review) !== JSON.stringify(['anthropic/claude-haiku-5-5']))
      throw new Error(`tandem.routes = ${JSON.stringify(routes)}`);
    console.log(`  ✓ Choose Models wrote tandem.routes ${JSON.stringify(routes)}`);
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
