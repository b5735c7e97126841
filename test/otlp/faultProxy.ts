/**
 * A small fault proxy in front of the Collector: passes requests through, or answers one of the
 * scripted faults instead (a status with headers, or never answering), counting what it saw.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = { status: number; headers?: Record<string, string> } | 'hang';

export class FaultProxy {
  /** Faults for the next requests, in order; when empty, requests pass through. */
  readonly script: Fault[] = [];
  /** What each request met: 'pass' (with the upstream status) or the fault. */
  readonly seen: string[] = [];
  /** Date.now() at each request's arrival, in the order of `seen`. */
  readonly arrivals: number[] = [];
  /** The `service.instance.id` of each request, in the order of `seen`. */
  readonly instances: string[] = [];
  private server: Server | undefined;
  port = 0;

  constructor(private readonly upstream: () => string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.arrivals.push(Date.now());
        this.instances.push(instanceOf(Buffer.concat(chunks)));
        const fault = this.script.shift();
        if (fault === 'hang') return void this.seen.push('hang');
        if (fault) {
          this.seen.push(String(fault.status));
          return void res
            .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
            .end('{"code":3,"message":"scripted fault"}');
        }
        const body = Buffer.concat(chunks);
        fetch(`${this.upstream()}${req.url ?? ''}`, {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          body,
        })
          .then(async (up) => {
            this.seen.push(`pass ${up.status}`);
            res
              .writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' })
              .end(Buffer.from(await up.arrayBuffer()));
          })
          .catch(() => {
            this.seen.push('pass down');
            res.destroy();
          });
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

function instanceOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      resourceMetrics?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] } }[];
    };
    return parsed.resourceMetrics?.[0]?.resource?.attributes?.find((a) => a.key === 'service.instance.id')?.value.stringValue ?? '?';
  } catch {
    return '?';
  }
}
