import { strict as assert } from 'node:assert';
import { Breakers, CircuitBreaker } from '../../../src/core/router/breaker';

describe('router/breaker', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 0));

  it('opens after N consecutive transient failures; a success in between resets the count', () => {
    const b = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: clock });
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    assert.equal(b.state, 'closed');
    b.onFailure();
    assert.equal(b.state, 'open');
    assert.equal(b.allows(), false);
    assert.equal(b.remainingCoolDownMs(), 1000);
  });

  it('half-opens after the cool-down and lets exactly one probe through; success closes it', () => {
    const b = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: clock });
    b.onFailure();
    now = 1000;
    assert.equal(b.state, 'half_open');
    assert.equal(b.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false, 'second caller waits for the probe');
    b.onSuccess();
    assert.equal(b.state, 'closed');
    assert.equal(b.tryAcquire(), true);
  });

  it('a failed probe reopens for a longer cool-down; a neutral probe frees the slot', () => {
    const b = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: clock });
    for (let i = 0; i < 3; i++) b.onFailure();
    now = 1500;
    assert.equal(b.tryAcquire(), true);
    b.onNeutral();
    assert.equal(b.tryAcquire(), true);
    b.onFailure();
    assert.equal(b.state, 'open');
    now = 3499;
    assert.equal(b.state, 'open');
    now = 3500;
    assert.equal(b.state, 'half_open');
  });

  it('doubles the cool-down after each failed probe, up to the cap; a success starts over', () => {
    const b = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, maxCoolDownMs: 3000, now: clock });
    b.onFailure();
    const probeFails = (): number => {
      now += b.remainingCoolDownMs();
      assert.equal(b.tryAcquire(), true);
      b.onFailure();
      return b.remainingCoolDownMs();
    };
    assert.equal(b.remainingCoolDownMs(), 1000);
    assert.equal(probeFails(), 2000);
    assert.equal(probeFails(), 3000);
    assert.equal(probeFails(), 3000, 'capped');
    now += 3000;
    assert.equal(b.tryAcquire(), true);
    b.onSuccess();
    b.onFailure();
    assert.equal(b.remainingCoolDownMs(), 1000, 'back to the first pause after a success');
  });

  it('defaults: 3 failures open it for 10 s; a long outage is probed every 30 s', () => {
    const b = new CircuitBreaker({ now: clock });
    for (let i = 0; i < 3; i++) b.onFailure();
    assert.equal(b.remainingCoolDownMs(), 10_000);
    for (let i = 0; i < 4; i++) {
      now += b.remainingCoolDownMs();
      b.tryAcquire();
      b.onFailure();
    }
    assert.equal(b.remainingCoolDownMs(), 30_000);
  });

  it('keeps one breaker per route', () => {
    const breakers = new Breakers({ failureThreshold: 1, now: clock });
    breakers.for({ provider: 'anthropic', model: 'a' }).onFailure();
    assert.equal(breakers.for({ provider: 'anthropic', model: 'a' }).state, 'open');
    assert.equal(breakers.for({ provider: 'anthropic', model: 'b' }).state, 'closed');
  });

  it('reset(provider) closes that provider’s circuits at once and leaves the others open', () => {
    const breakers = new Breakers({ failureThreshold: 1, coolDownMs: 30_000, now: clock });
    const codestral = { provider: 'mistral', model: 'codestral-latest' } as const;
    const haiku = { provider: 'anthropic', model: 'claude-haiku-5-5' } as const;
    const held = breakers.for(codestral);
    held.onFailure();
    breakers.for(haiku).onFailure();
    breakers.reset('mistral');
    assert.equal(breakers.for(codestral).state, 'closed');
    assert.equal(breakers.for(codestral).tryAcquire(), true, 'no cool-down to wait out');
    assert.equal(breakers.for(haiku).state, 'open');
    held.onFailure();
    assert.equal(breakers.for(codestral).state, 'closed', 'a request on the old connection no longer counts');
  });
});
