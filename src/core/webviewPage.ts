import { randomBytes } from 'node:crypto';

/** 128 bits from the OS generator, base64: a fresh one for every render. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** No inline code, no network: scripts only with the nonce, styles and images only from media/. */
export function strictCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
  ].join('; ');
}

export interface PageOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** Shared scripts from media/ (e.g. format.js) that `scriptUri` uses, loaded before it, in order. */
  libraryUris?: string[];
  styleUri: string;
  title: string;
  /** Trusted markup of the page body (built by the caller from constants and escaped values). */
  body: string;
  bodyAttributes?: Record<string, string>;
}

/** A webview page under the strict CSP, with one stylesheet and its nonce'd scripts from media/ (libraries, then the page's own). */
export function renderPage(o: PageOptions): string {
  const attrs = Object.entries(o.bodyAttributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(strictCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body${attrs}>
${o.body}
${[...(o.libraryUris ?? []), o.scriptUri].map((src) => `<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
