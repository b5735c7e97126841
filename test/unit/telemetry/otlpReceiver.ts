/** A real OTLP/HTTP metrics receiver on loopback: collects the JSON bodies POSTed to /v1/metrics. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExportMetricsServiceRequest } from '../../../src/core/telemetry/otlpTypes';

/** How to answer one request: a status (with optional headers and body), or never (`hang`). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface OtlpReceiver {
  endpoint: string;
  /** Accepted bodies (2xx answers). */
  bodies: ExportMetricsServiceRequest[];
  headers: Record<string, string | string[] | undefined>[];
  /** Arrival time (Date.now) of every request, answered or not. */
  arrivals: number[];
  /** Answers for the next requests, in order; then `status`. */
  script: Answer[];
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<OtlpReceiver> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.arrivals.push(Date.now());
      if (req.method !== 'POST' || req.url !== '/v1/metrics') return void res.writeHead(404).end();
      const answer = receiver.script.shift() ?? { status: receiver.status };
      if (answer === 'hang') return;
      if (answer.status >= 200 && answer.status < 300) {
        receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportMetricsServiceRequest);
        receiver.headers.push(req.headers);
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: OtlpReceiver = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies: [],
    headers: [],
    arrivals: [],
    script: [],
    status: 200,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
