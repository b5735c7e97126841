/**
 * A real OpenTelemetry Collector (core 0.152, built from Debian's sources by scripts/otelcol.sh) with
 * an OTLP/HTTP receiver, and a loopback sink behind it: the Collector's otlphttp exporter (JSON, no
 * queue, no retries) posts what it decoded to the sink. Core has no file exporter (it is in contrib).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportMetricsServiceRequest } from '../../src/core/telemetry/otlpTypes';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function collectorBinary(): string {
  return execFileSync('bash', ['scripts/otelcol.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** What the Collector forwarded, as it decoded it. */
export class Sink {
  readonly requests: ExportMetricsServiceRequest[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportMetricsServiceRequest);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}

export class Collector {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];

  constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly sinkPort: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-otelcol-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, collectorConfig(this.port, this.sinkPort));
    this.child = spawn(this.binary, ['--config', `file:${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`collector exited: ${this.output.join('')}`);
      const up = await fetch(`${this.endpoint}/v1/metrics`).then(
        () => true,
        () => false,
      );
      if (up) return;
      await sleep(100);
    }
    throw new Error(`collector did not listen within 30 s: ${this.output.join('')}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => void child.kill('SIGKILL'))]);
    await exited;
  }
}

function collectorConfig(port: number, sinkPort: number): string {
  return `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${port}
exporters:
  otlphttp:
    endpoint: http://127.0.0.1:${sinkPort}
    encoding: json
    compression: none
    retry_on_failure:
      enabled: false
    sending_queue:
      enabled: false
service:
  telemetry:
    logs:
      level: warn
    metrics:
      level: none
  pipelines:
    metrics:
      receivers: [otlp]
      exporters: [otlphttp]
`;
}

/** A free loopback port (listen on 0, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
