import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { loadAdversarialCorpus } from '../../fixtures/redaction-adversarial/corpus';
import { scoreCorpus } from '../../fixtures/redaction/corpus';

describe('adversarial redaction corpus', () => {
  const corpus = loadAdversarialCorpus();

  it('has ≥ 300 secret values in ≥ 60 files and ≥ 100 look-alikes', () => {
    assert.ok(corpus.length >= 60);
    assert.ok(corpus.reduce((n, f) => n + f.secrets.length, 0) >= 300);
    assert.ok(corpus.reduce((n, f) => n + f.lookalikes.length, 0) >= 100);
  });

  it('every planted value and look-alike really occurs in its file', () => {
    for (const f of corpus)
      for (const v of [...f.secrets, ...f.lookalikes]) assert.ok(f.text.includes(v.value), `${f.file}: ${v.value.slice(0, 30)}`);
  });

  it('removes ≥ 98 % of secret values and alters ≤ 2 % of look-alikes', () => {
    const score = scoreCorpus(corpus, (t) => redactSecrets(t).text);
    assert.ok(score.recall >= 0.98, `recall ${score.recall}; missed ${JSON.stringify(score.missed.slice(0, 10))}`);
    assert.ok(score.falsePositiveRate <= 0.02, `FPR ${score.falsePositiveRate}; altered ${JSON.stringify(score.altered.slice(0, 10))}`);
  });

  it('other seeds score the same way (the rules cover classes, not the generated examples)', () => {
    const score = scoreCorpus(loadAdversarialCorpus([1, 2, 3, 4]), (t) => redactSecrets(t).text);
    assert.ok(score.recall >= 0.97, `recall ${score.recall}; missed ${JSON.stringify(score.missed.slice(0, 10))}`);
    assert.ok(score.falsePositiveRate <= 0.03, `FPR ${score.falsePositiveRate}; altered ${JSON.stringify(score.altered.slice(0, 10))}`);
  });
});
