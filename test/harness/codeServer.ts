/**
 * A real VS Code for tests and the offline demo: code-server (VS Code server + web workbench) on
 * loopback, running on the Node 24 that scripts/setup.sh placed under .tools/. Its HOME, XDG dirs
 * and TMPDIR point into a per-run folder so nothing leaks into the user's home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

export const ROOT = resolve(__dirname, '..', '..');
export const NODE24 = join(ROOT, '.tools', 'node24', 'bin', 'node');
export const CODE_SERVER_ENTRY = join(ROOT, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServerOptions {
  /** Folder for user data, extensions, HOME and TMPDIR of this run. */
  runDir: string;
  /** User settings (settings.json). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  port?: number;
  /** Passed through as extra CLI args (e.g. --install-extension x.vsix). */
  extraArgs?: string[];
  log?: (line: string) => void;
}

export interface CodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function assertInstalled(): void {
  if (!existsSync(NODE24) || !existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('code-server is not set up: run `bash scripts/setup.sh` (npm start and npm test do it for you).');
  }
}

export function isolatedEnv(runDir: string): Record<string, string> {
  const dirs = {
    HOME: 'home',
    XDG_CONFIG_HOME: 'home/.config',
    XDG_DATA_HOME: 'home/.local/share',
    XDG_CACHE_HOME: 'home/.cache',
    TMPDIR: 'tmp',
  };
  const env: Record<string, string> = {};
  for (const [name, sub] of Object.entries(dirs)) {
    env[name] = join(runDir, sub);
    mkdirSync(env[name]!, { recursive: true });
  }
  return env;
}

/** Runs code-server's CLI once (e.g. --install-extension) and waits for it to exit. */
export async function codeServerCli(runDir: string, args: string[]): Promise<string> {
  assertInstalled();
  const env = { ...process.env, ...isolatedEnv(runDir) };
  const child = spawn(
    NODE24,
    [CODE_SERVER_ENTRY, '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions'), ...args],
    { env },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`code-server ${args.join(' ')} failed (${code}):\n${out}`);
  return out;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  assertInstalled();
  const port = opts.port ?? (await freePort());
  const userData = join(opts.runDir, 'user-data');
  // code-server is a remote window: machine-scoped settings (Tandem's endpoints) count only in the
  // Machine (remote) settings file, so the same settings go there as well as into User settings.
  for (const scope of ['User', 'Machine']) {
    mkdirSync(join(userData, scope), { recursive: true });
    writeFileSync(join(userData, scope, 'settings.json'), JSON.stringify(opts.settings ?? {}, null, 2));
  }
  const env = { ...process.env, ...isolatedEnv(opts.runDir), ...opts.env };
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    join(opts.runDir, 'extensions'),
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(opts.extraArgs ?? []),
  ];
  // detached: its own process group, so stop() takes the lingering children with it.
  const child = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.log ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return {
    url,
    port,
    process: child,
    stop: () => stopGroup(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
