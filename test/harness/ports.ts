/** Loopback ports for tests, the demo and the fault suite. */
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (the OS picks it; the listener is closed again). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A loopback URL nobody listens on: connection refused. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
