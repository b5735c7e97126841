import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseCliArgs, parseFaultFlag } from '../../src/simulator/cliArgs';

describe('simulator CLI', () => {
  it('parses flags into start options and faults', () => {
    const cfg = parseCliArgs([
      '--port',
      '8123',
      '--keys',
      'a,b',
      '--corpus',
      'demo',
      '--ttft-ms',
      '150',
      '--tokens-per-sec',
      '300',
      '--jitter-ms',
      '40',
      '--fault',
      'status=429,count=3,retry-after=2',
      '--fault',
      'cut,after=5,api=mistral',
    ]);
    assert.equal(cfg.options.port, 8123);
    assert.deepEqual(cfg.options.keys, ['a', 'b']);
    assert.equal(cfg.options.corpusDir, 'demo');
    assert.deepEqual(cfg.options.latency, { ttftMs: 150, tokensPerSec: 300, jitterMs: 40 });
    assert.deepEqual(cfg.faults, [
      { kind: 'status', api: 'any', status: 429, count: 3, retryAfterSec: 2 },
      { kind: 'cut', api: 'mistral', afterTokens: 5 },
    ]);
  });

  it('reads every fault kind and rejects nonsense', () => {
    assert.deepEqual(parseFaultFlag('stall,count=inf'), { kind: 'stall', api: 'any', count: Infinity });
    assert.deepEqual(parseFaultFlag('slow-first-token=3000'), { kind: 'slow_first_token', api: 'any', delayMs: 3000 });
    assert.deepEqual(parseFaultFlag('malformed,after=2,api=anthropic'), { kind: 'malformed', api: 'anthropic', afterTokens: 2 });
    assert.deepEqual(parseFaultFlag('refusal,after=4,api=anthropic'), { kind: 'refusal', api: 'anthropic', afterTokens: 4 });
    assert.deepEqual(parseFaultFlag('status=529,retry-after-ms=50'), { kind: 'status', api: 'any', status: 529, retryAfterMs: 50 });
    assert.throws(() => parseFaultFlag('status=200'));
    assert.throws(() => parseCliArgs(['--ttft-ms', '-1']));
    assert.throws(() => parseCliArgs(['--bogus']));
    const kinds = parseCliArgs(['--codestral-keys', 'c1,c2', '--general-keys', 'g1', '--rpm', '30', '--tpm', '9000']).options;
    assert.deepEqual(kinds.keyKinds, { codestral: ['c1', 'c2'], general: ['g1'] });
    assert.deepEqual(kinds.mistralLimits, { requestsPerMinute: 30, tokensPerMinute: 9000 });
  });

  it('`npm run sim` serves on loopback, prints its URL, applies CLI faults and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/simulator/cli.ts', '--port', '0', '--quiet', '--fault', 'status=503,api=mistral'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Tandem vendor simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      const res = await fetch(`${url}/v1/fim/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{}' });
      assert.equal(res.status, 503);
      const stats = (await (await fetch(`${url}/_sim/stats`)).json()) as { byStatus: Record<string, number> };
      assert.equal(stats.byStatus['503'], 1);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
});
