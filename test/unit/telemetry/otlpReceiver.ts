/** A real OTLP/HTTP metrics receiver on loopback: collects the JSON bodies POSTed to /v1/metrics. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExportMetricsServiceRequest } from '../../../src/core/telemetry/otlpTypes';

export interface OtlpReceiver {
  endpoint: string;
  bodies: ExportMetricsServiceRequest[];
  headers: Record<string, string | string[] | undefined>[];
  /** Status to answer with; 200 unless a test changes it. */
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<OtlpReceiver> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/metrics') return void res.writeHead(404).end();
      if (receiver.status === 200) {
        receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportMetricsServiceRequest);
        receiver.headers.push(req.headers);
      }
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: OtlpReceiver = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies: [],
    headers: [],
    status: 200,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return receiver;
}
