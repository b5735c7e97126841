/**
 * The offline demo (run by `npm start` after set-up and packaging): vendor simulator + code-server
 * with the packaged VSIX installed. With no keys set, Tandem talks to the simulator; a user who sets
 * real keys (Tandem: Set … API Key, or MISTRAL_API_KEY / ANTHROPIC_API_KEY) gets the real services.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerCli, ROOT, startCodeServer } from '../test/harness/codeServer';
import { freePort } from '../test/harness/ports';
import { EDITOR_TEST_SETTINGS } from '../test/harness/workbench';
import { start as startSimulator } from '../src/simulator/server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 0) || (await freePort());
  const runDir = join(ROOT, '.run', 'demo');
  mkdirSync(runDir, { recursive: true });
  const vsix = readdirSync(ROOT)
    .filter((f) => f.endsWith('.vsix'))
    .sort((a, b) => statSync(join(ROOT, b)).mtimeMs - statSync(join(ROOT, a)).mtimeMs)[0];
  if (!vsix) throw new Error('no .vsix found: run `npm run package`');

  const sim = await startSimulator({
    port: Number(process.env.SIM_PORT ?? 0),
    corpusDir: join(ROOT, 'demo'),
    latency: { ttftMs: 150, tokensPerSec: 300, jitterMs: 40 },
  });
  await codeServerCli(runDir, ['--install-extension', join(ROOT, vsix), '--force']);
  const server = await startCodeServer({
    runDir,
    port,
    settings: { ...EDITOR_TEST_SETTINGS, 'tandem.simulator.url': sim.url, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  // The demo edits a copy, so trying it out never dirties the clone.
  const workspace = join(runDir, 'workspace');
  if (!existsSync(workspace)) cpSync(join(ROOT, 'demo'), workspace, { recursive: true });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`
  Tandem offline demo
  ───────────────────
  VS Code (code-server):  ${url}
  Vendor simulator:       ${sim.url}   (Mistral FIM + Anthropic Messages, no key needed)
  Installed:              ${vsix}

  Open the URL, open src/inventory.ts, type at the end of the file and watch the ghost text.
  Command palette → "Tandem: Explain Code" / "Tandem: Review Code…" / "Tandem: Show Telemetry".
  Ctrl+C stops the demo.
`);
  const stop = async (): Promise<void> => {
    await server.stop();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
