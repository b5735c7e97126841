/**
 * The vendor simulator in its own process (`npm run sim`), so its work never runs on the event loop
 * whose overhead a benchmark measures.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FaultSpec, LatencyKnobs } from '../src/simulator/server';

export interface SimProcess {
  url: string;
  setLatency(k: Partial<LatencyKnobs>): Promise<void>;
  injectFault(f: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  stats(): Promise<{
    requests: { mistral: number; anthropic: number };
    byStatus: Record<string, number>;
    openStreams: number;
    clientAborts: number;
  }>;
  close(): Promise<void>;
}

export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const root = join(__dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/simulator/cli.ts'), '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
  const admin = async (path: string, method: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    url,
    setLatency: async (k) => void (await admin('/_sim/latency', 'POST', k)),
    injectFault: async (f) => void (await admin('/_sim/faults', 'POST', f)),
    clearFaults: async () => void (await admin('/_sim/faults', 'DELETE')),
    stats: async () => (await admin('/_sim/stats', 'GET')) as never,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
