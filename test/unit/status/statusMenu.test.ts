import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusMenu, type MenuInputs } from '../../../src/core/status/statusMenu';

const base: MenuInputs = {
  paused: false,
  language: 'typescript',
  languagePaused: false,
  todaySpendUsd: 0.42,
  dailyBudgetUsd: 5,
  hasSelection: false,
};
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

describe('status-bar menu', () => {
  it('offers pause for everything and for the active language, explain, review, spend, models, budget, keys and log', () => {
    const commands = statusMenu(base).map((e) => e.command);
    for (const c of [
      'tandem.toggleCompletions',
      'tandem.toggleCompletionsForLanguage',
      'tandem.explain',
      'tandem.review',
      'tandem.showTelemetry',
      'tandem.setBudget',
      'tandem.chooseModels',
      'tandem.setCodestralKey',
      'tandem.setAnthropicKey',
      'tandem.showLog',
    ]) {
      assert.ok(commands.includes(c), c);
    }
  });

  it('every entry runs a command the manifest contributes', () => {
    for (const entry of statusMenu(base)) assert.ok(contributed.has(entry.command), entry.command);
  });

  it("shows today's spend against the daily budget", () => {
    const spend = statusMenu(base).find((e) => e.command === 'tandem.showTelemetry')!;
    assert.equal(spend.description, '$0.420 today of $5.00 (8 %)');
    assert.equal(
      statusMenu({ ...base, dailyBudgetUsd: undefined }).find((e) => e.command === 'tandem.showTelemetry')!.description,
      '$0.420 today',
    );
  });

  it('says resume when paused, and names the language', () => {
    const entries = statusMenu({ ...base, paused: true, languagePaused: true });
    assert.match(entries[0]!.label, /Resume completions$/);
    assert.match(entries[1]!.label, /Resume completions for typescript/);
    assert.deepEqual(entries[1]!.args, ['typescript']);
    assert.equal(statusMenu({ ...base, language: undefined }).filter((e) => e.command === 'tandem.toggleCompletionsForLanguage').length, 0);
  });

  it('every walkthrough step completes on an event of a contributed command or setting', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 6);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length > 0, `${step.id} completes itself`);
      for (const event of step.completionEvents as string[]) {
        const [kind, name] = event.split(':');
        if (kind === 'onCommand') assert.ok(contributed.has(name!) || name === 'tandem.completionAccepted', event);
        else if (kind === 'onContext') assert.equal(name, 'tandem.completionAccepted', event);
        else assert.equal(kind, 'onSettingChanged', event);
      }
    }
  });
});
