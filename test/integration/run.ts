/**
 * `npm run test:integration`: builds the extension and the suites, starts the vendor simulator and
 * a real VS Code (code-server), runs test/integration/suite/*.test.ts inside its extension host and
 * exits with their result. With TANDEM_VSCODE_EXECUTABLE set to a desktop VS Code, runs the same
 * suites through @vscode/test-electron instead.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startCodeServer } from '../harness/codeServer';
import { launchBrowser } from '../harness/browser';
import { EDITOR_TEST_SETTINGS, FIXTURE_WORKSPACE, runHostTests } from '../harness/workbench';
import { start as startSimulator } from '../../src/simulator/server';

async function main(): Promise<number> {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
  const testsPath = join(ROOT, 'out', 'test', 'suite', 'index.js');
  const runDir = join(ROOT, '.run', 'integration');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const resultsFile = join(runDir, 'results.txt');
  // Tests write scratch files into the workspace: give them a copy, never the checked-in fixture.
  const workspace = join(runDir, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  const sim = await startSimulator({ port: 0, quiet: true });
  const extensionEnv = {
    TANDEM_SIM_URL: sim.url,
    TANDEM_TEST_RESULTS: resultsFile,
    TANDEM_LOG_TO_CONSOLE: process.env.TANDEM_VERBOSE ? '1' : '0',
    TANDEM_TEST_GREP: process.env.TANDEM_TEST_GREP ?? '',
    TANDEM_FIXTURE_WORKSPACE: workspace,
  };
  if (process.env.TANDEM_VSCODE_EXECUTABLE)
    return runWithTestElectron(testsPath, workspace, extensionEnv, sim.url).finally(() => sim.close());

  const settings = { ...EDITOR_TEST_SETTINGS, 'tandem.simulator.url': sim.url };
  const server = await startCodeServer({ runDir, settings, log: process.env.TANDEM_VERBOSE ? (l) => process.stderr.write(l) : undefined });
  const browser = await launchBrowser(runDir);
  const started = Date.now();
  try {
    const code = await runHostTests(browser, {
      serverUrl: server.url,
      folder: workspace,
      testsPath,
      extensionEnv,
      timeoutMs: 10 * 60_000,
      onLog: process.env.TANDEM_VERBOSE ? (l) => console.log(l) : undefined,
    });
    console.log(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '(no results file: the suite did not start)');
    const metrics = join(runDir, 'metrics.json');
    if (existsSync(metrics)) console.log(`metrics: ${readFileSync(metrics, 'utf8')}`);
    console.log(`extension-host tests: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await sim.close();
  }
}

/** For users with a desktop VS Code: the same suites through @vscode/test-electron. */
async function runWithTestElectron(testsPath: string, workspace: string, env: Record<string, string>, simUrl: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: process.env.TANDEM_VSCODE_EXECUTABLE!,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: testsPath,
      extensionTestsEnv: { ...env, TANDEM_SIM_URL: simUrl },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
    return 0;
  } catch {
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
