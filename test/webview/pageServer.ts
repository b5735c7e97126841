/** Serves the telemetry page (`/`) and the assist panel (`/assist`) on loopback as a webview would, assets from media/. */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { renderAssistPage } from '../../src/core/assist/panel/panelPage';
import { newNonce, renderTelemetryHtml } from '../../src/core/telemetry/webviewHtml';
import type { TimeRange } from '../../src/core/telemetry/protocol';

const MEDIA_DIR = join(__dirname, '..', '..', 'media');
const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css' };

export interface PageServer {
  origin: string;
  url: string;
  close(): Promise<void>;
}

export async function startPageServer(initialRange: TimeRange = '30d'): Promise<PageServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (path === '/') {
        const html = renderTelemetryHtml({
          cspSource: origin,
          nonce: newNonce(),
          initialRange,
          scriptUri: `${origin}/media/telemetry.js`,
          formatUri: `${origin}/media/format.js`,
          styleUri: `${origin}/media/telemetry.css`,
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      if (path === '/assist') {
        const html = renderAssistPage({
          cspSource: origin,
          nonce: newNonce(),
          scriptUri: `${origin}/media/assist.js`,
          styleUri: `${origin}/media/assist.css`,
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      const file = /^\/media\/((?:telemetry|assist|format)\.(js|css))$/.exec(path);
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[file[2]!]! }).end(await readFile(join(MEDIA_DIR, file[1]!)));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
