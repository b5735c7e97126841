import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_COMPLETION_SETTINGS } from '../../src/core/completion/settings';
import { DEFAULT_THINKING } from '../../src/core/providers/claudeThinking';
import { DEFAULT_BUDGET_LIMITS } from '../../src/core/router/budgets';
import { manifestDefaults, SETTING_KEYS } from '../../src/core/settings/settingKeys';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const defaults = manifestDefaults(manifest);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('settings: the keys the code reads and package.json', () => {
  it('reads only settings package.json contributes, and every contributed one is in the catalog', () => {
    assert.equal(new Set(SETTING_KEYS).size, SETTING_KEYS.length, 'no key twice');
    assert.deepEqual([...SETTING_KEYS].sort(), [...defaults.keys()].sort());
  });

  it('reads every key somewhere in src/ (a setting nobody reads is a promise the extension breaks)', () => {
    const code = sources(join(ROOT, 'src'))
      .filter((p) => !p.endsWith(join('settings', 'settingKeys.ts')))
      .map((p) => readFileSync(p, 'utf8'))
      .join('\n');
    const unread = SETTING_KEYS.filter((key) => !code.includes(`'${key}'`));
    assert.deepEqual(unread, []);
  });

  it('keeps the core defaults plain-Node code uses equal to package.json', () => {
    const d = DEFAULT_COMPLETION_SETTINGS;
    assert.deepEqual(
      {
        prefixTokens: d.prefixTokens,
        suffixTokens: d.suffixTokens,
        contextTokens: d.contextTokens,
        maxTokensSingle: d.maxTokensSingle,
        maxTokensMulti: d.maxTokensMulti,
        maxLines: d.maxLines,
        debounceMinMs: d.debounceMinMs,
        debounceMaxMs: d.debounceMaxMs,
        streamBudgetMs: d.streamBudgetMs,
      },
      {
        prefixTokens: defaults.get('completions.prefixTokens'),
        suffixTokens: defaults.get('completions.suffixTokens'),
        contextTokens: defaults.get('completions.contextTokens'),
        maxTokensSingle: defaults.get('completions.maxTokensSingleLine'),
        maxTokensMulti: defaults.get('completions.maxTokensMultiLine'),
        maxLines: defaults.get('completions.maxLines'),
        debounceMinMs: defaults.get('completions.debounceMinMs'),
        debounceMaxMs: defaults.get('completions.debounceMaxMs'),
        streamBudgetMs: defaults.get('completions.streamBudgetMs'),
      },
    );
    assert.deepEqual(DEFAULT_BUDGET_LIMITS, {
      requestUsd: defaults.get('budget.requestUsd'),
      dailyUsd: defaults.get('budget.dailyUsd'),
      monthlyUsd: defaults.get('budget.monthlyUsd'),
      nearPercent: defaults.get('budget.nearPercent'),
    });
    for (const task of ['explain', 'review'] as const) {
      assert.deepEqual(DEFAULT_THINKING[task], { thinking: defaults.get(`${task}.thinking`), effort: defaults.get(`${task}.effort`) });
    }
  });
});
