import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface SettingSchema {
  scope?: string;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const settings: Array<[string, SettingSchema]> = manifest.contributes.configuration.flatMap(
  (group: { properties: Record<string, SettingSchema> }) => Object.entries(group.properties),
);

describe('package.json manifest', () => {
  it('gives every setting a scope, a default and a description', () => {
    for (const [key, s] of settings) {
      assert.ok(s.scope, `${key}: scope`);
      assert.ok('default' in s, `${key}: default`);
      assert.ok(s.description ?? s.markdownDescription, `${key}: description`);
    }
  });

  it('keeps every setting that decides where code or keys go out of workspace reach', () => {
    const routing = settings.filter(([key]) => /endpoint|url|host|headers|otlp\.enabled/i.test(key));
    assert.ok(routing.length >= 3, 'endpoint settings exist');
    for (const [key, s] of routing) {
      assert.ok(['machine', 'application'].includes(s.scope ?? ''), `${key} has scope ${s.scope}`);
    }
  });

  it('activates on startup finished (and to restore the telemetry view), never on *', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', 'onWebviewPanel:tandem.telemetry']);
  });

  it('declares its Restricted Mode behaviour', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
  });

  it('puts every command in the Tandem category', () => {
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Tandem', c.command);
  });
});
