import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openScratch, sim, tandem } from './helpers';

const INVOKE = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
/** A skipped document must cost next to nothing; a served one must answer (simulator, no latency). */
const SKIP_BUDGET_MS = 20;

interface Outcome {
  served: boolean;
  ms: number;
  text?: string;
}

async function ask(doc: vscode.TextDocument, position: vscode.Position): Promise<Outcome> {
  const api = await tandem();
  const started = performance.now();
  const items = await api.inlineProvider.provideInlineCompletionItems(doc, position, INVOKE, new vscode.CancellationTokenSource().token);
  const list = Array.isArray(items) ? items : items?.items;
  const first = list?.[0]?.insertText;
  return { served: first !== undefined, ms: performance.now() - started, text: typeof first === 'string' ? first : undefined };
}

/**
 * Skipped, and fast: the quickest of three asks is under the budget. A skip that reads the document
 * is slow every time; a garbage-collection pause on this shared machine (after the 50 MB file) is not.
 */
async function skippedCleanly(doc: vscode.TextDocument, position: vscode.Position, what: string): Promise<void> {
  const tries: Outcome[] = [];
  for (let i = 0; i < 3; i++) tries.push(await ask(doc, position));
  assert.ok(
    tries.every((o) => !o.served),
    `${what}: skipped`,
  );
  const fastest = Math.min(...tries.map((o) => o.ms));
  assert.ok(fastest < SKIP_BUDGET_MS, `${what}: skipped in ${tries.map((o) => o.ms.toFixed(1)).join(' / ')} ms`);
}

/** A tiny in-memory file system, read-only or not, standing in for remote/virtual workspaces. */
class MemoryFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: data.length };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
  }
  delete(): void {}
  rename(): void {}
}

const SOURCE =
  'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return ';

describe('bad inputs: served correctly or skipped cleanly', function () {
  this.timeout(120_000);
  const disposables: vscode.Disposable[] = [];

  before(async () => {
    await tandem();
    await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
  });
  after(() => disposables.forEach((d) => d.dispose()));

  it('a 50 MB file is skipped (too large) without reading it', async () => {
    const line = 'const value = computeSomething(alpha, beta, gamma); // filler line for size\n';
    const big = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    let doc: vscode.TextDocument;
    try {
      doc = (await openScratch('huge.ts', big)).document;
    } catch (err) {
      // VS Code itself refuses to sync files this large to extensions: nothing can reach Tandem.
      assert.match(String(err), /large|size|50/i);
      return;
    }
    await skippedCleanly(doc, new vscode.Position(100, 5), '50 MB file');
  });

  it('a 1 MB single-line minified file is skipped (line too long)', async () => {
    const min = Array.from({ length: 40_000 }, (_, i) => `var a${i}=function(b){return b+${i}};`)
      .join('')
      .slice(0, 1_000_000);
    const doc = (await openScratch('bundle.min.js', min)).document;
    await skippedCleanly(doc, new vscode.Position(0, 500_000), '1 MB minified line');
  });

  it('a binary file: VS Code refuses it as text, and one that opens as text is skipped', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const raw = vscode.Uri.joinPath(folder, 'scratch', 'image.dat');
    await vscode.workspace.fs.writeFile(
      raw,
      new Uint8Array(4096).map((_, i) => (i * 37) % 256),
    );
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(raw)), /binary/i);
    // No NUL bytes, so it opens as text — but it is mostly control characters and replacement chars.
    const mangled = vscode.Uri.joinPath(folder, 'scratch', 'firmware.txt');
    await vscode.workspace.fs.writeFile(
      mangled,
      new Uint8Array(4096).map((_, i) => (i % 3 === 0 ? 65 + (i % 26) : 1 + (i % 7))),
    );
    const doc = await vscode.workspace.openTextDocument(mangled);
    await skippedCleanly(doc, new vscode.Position(0, 3), 'binary as text');
  });

  it('an untitled document is served', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: SOURCE });
    const o = await ask(doc, doc.positionAt(SOURCE.length));
    assert.ok(o.served, 'untitled served');
    assert.match(o.text ?? '', /a [-+] b;/);
  });

  it('a notebook cell is served', async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(
        vscode.NotebookCellKind.Code,
        'def area(r):\n    return 3.14 * r * r\n\ndef volume(r):\n    return ',
        'python',
      ),
    ]);
    let notebook: vscode.NotebookDocument;
    try {
      notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    } catch (err) {
      assert.match(String(err), /notebook|serializer|jupyter/i, 'no notebook support in this editor');
      return;
    }
    const cell = notebook.cellAt(0).document;
    const o = await ask(cell, cell.positionAt(cell.getText().length));
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    assert.ok(o.served, 'notebook cell served');
  });

  it('a read-only document is skipped; a writable virtual file system is served', async () => {
    const readonlyFs = new MemoryFs();
    const virtualFs = new MemoryFs();
    disposables.push(
      vscode.workspace.registerFileSystemProvider('tandem-ro', readonlyFs, { isReadonly: true }),
      vscode.workspace.registerFileSystemProvider('tandem-vfs', virtualFs, { isCaseSensitive: true }),
    );
    const bytes = new TextEncoder().encode(SOURCE);
    readonlyFs.writeFile(vscode.Uri.parse('tandem-ro:/lib/math.ts'), bytes);
    virtualFs.writeFile(vscode.Uri.parse('tandem-vfs:/lib/math.ts'), bytes);
    const ro = await vscode.workspace.openTextDocument(vscode.Uri.parse('tandem-ro:/lib/math.ts'));
    await skippedCleanly(ro, ro.positionAt(SOURCE.length), 'read-only');
    const vfs = await vscode.workspace.openTextDocument(vscode.Uri.parse('tandem-vfs:/lib/math.ts'));
    const o = await ask(vfs, vfs.positionAt(SOURCE.length));
    assert.ok(o.served, 'virtual file system served');
  });

  it('CRLF line endings and mixed indentation: served, no carriage return in the suggestion', async () => {
    const crlf =
      'def area(r):\r\n\treturn 3.14 * r * r\r\n\r\ndef perimeter(r):\r\n    return 2 * 3.14 * r\r\n\r\ndef volume(r):\r\n    return ';
    const doc = (await openScratch('crlf.py', crlf)).document;
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);
    const o = await ask(doc, new vscode.Position(7, 11));
    assert.ok(o.served, 'served');
    assert.ok(!o.text?.includes('\r'), JSON.stringify(o.text));
  });

  it('non-BMP characters around the cursor: served, no broken surrogate pairs', async () => {
    const text = 'const greetings = ["👋 hello", "👋 hallo"];\nconst smile = "😀 ';
    const doc = (await openScratch('emoji.ts', text + '";\n')).document;
    const o = await ask(doc, doc.positionAt(text.length));
    if (o.text) assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(o.text), 'no lone surrogate');
    assert.ok(o.ms < 2000);
  });

  it('several cursors: served at the primary cursor', async () => {
    const editor = await openScratch('multi.ts', SOURCE + '\n}\n');
    const end = editor.document.positionAt(SOURCE.length);
    editor.selections = [new vscode.Selection(end, end), new vscode.Selection(1, 2, 1, 2)];
    const o = await ask(editor.document, editor.selection.active);
    assert.ok(o.served);
  });
});
