import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'tandem-dev.tandem';

describe('activation', () => {
  it('activates on startup and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension present');
    const started = Date.now();
    await ext.activate();
    console.log(`activation awaited in ${Date.now() - started} ms`);
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands contributed but not registered: ${missing.join(', ')}`);
  });

  it('declares a scope and a description on every setting', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const props = ext.packageJSON.contributes.configuration.flatMap(
      (c: { properties: Record<string, { scope?: string; description?: string; markdownDescription?: string }> }) =>
        Object.entries(c.properties),
    ) as Array<[string, { scope?: string; description?: string; markdownDescription?: string }]>;
    assert.ok(props.length > 0);
    for (const [key, p] of props) {
      assert.ok(p.scope, `${key} has a scope`);
      assert.ok(p.description ?? p.markdownDescription, `${key} has a description`);
    }
  });
});
