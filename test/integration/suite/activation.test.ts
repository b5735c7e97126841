import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { TandemApi } from '../../../src/extension';

const EXTENSION_ID = 'tandem-dev.tandem';

describe('activation', () => {
  it('activates on startup and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension present');
    const api = (await ext.activate()) as TandemApi;
    assert.ok(api, 'test hooks are returned in test mode');
    assert.ok(!('keys' in api), 'the API keys are never exported');
    assert.ok(!Object.values(api).some((v) => v?.constructor?.name === 'Keys'), 'no Keys instance among the hooks');
    assert.ok(api.activationMs < 2000, `activate() took ${api.activationMs} ms`);
    const results = process.env.TANDEM_TEST_RESULTS;
    if (results) writeFileSync(join(dirname(results), 'metrics.json'), JSON.stringify({ activationMs: api.activationMs }));
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
