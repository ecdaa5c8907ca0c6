import { describe, expect, it } from 'vitest';
import { SignInLimiter, type SignInAttempt } from '../../src/domain/rateLimiter.js';

function attemptOf(r: ReturnType<SignInLimiter['begin']>): SignInAttempt {
  if (!('attempt' in r)) throw new Error(`refused, wait ${r.wait} ms`);
  return r.attempt;
}

describe('SignInLimiter: attempts are reserved before they are checked', () => {
  it('attempts in flight count: the sixth concurrent attempt for one account is refused at once', () => {
    let now = 0;
    const limiter = new SignInLimiter(() => now);
    const inFlight = Array.from({ length: 5 }, () => attemptOf(limiter.begin('a@example.org', '10.0.0.1')));
    const refused = limiter.begin('a@example.org', '10.0.0.1');
    expect(refused).toEqual({ wait: 15 * 60_000 });
    // Another account from the same address is not affected by the account limit.
    attemptOf(limiter.begin('b@example.org', '10.0.0.1')).failed();
    // All five fail: the account waits until the window ends, then may try again.
    for (const a of inFlight) a.failed();
    now = 10 * 60_000;
    expect(limiter.begin('a@example.org', '10.0.0.1')).toEqual({ wait: 5 * 60_000 });
    now = 15 * 60_000;
    attemptOf(limiter.begin('a@example.org', '10.0.0.1')).succeeded();
  });

  it('a success frees its place and forgets the account’s failures, not the address’s', () => {
    const limiter = new SignInLimiter(() => 0, { account: { max: 2, windowMs: 1000 }, address: { max: 3, windowMs: 1000 } });
    attemptOf(limiter.begin('a@example.org', 'x')).failed();
    const ok = attemptOf(limiter.begin('a@example.org', 'x'));
    expect('wait' in limiter.begin('a@example.org', 'x')).toBe(true);
    ok.succeeded();
    ok.failed(); // settling twice changes nothing
    attemptOf(limiter.begin('a@example.org', 'x')).failed();
    // The address counted two failures (the success not); the third failure reaches its limit.
    attemptOf(limiter.begin('c@example.org', 'x')).failed();
    expect(limiter.begin('d@example.org', 'x')).toEqual({ wait: 1000 });
  });

  it('an attempt in flight across the end of a window keeps its place and counts in the new window', () => {
    let now = 0;
    const limiter = new SignInLimiter(() => now, { account: { max: 1, windowMs: 1000 } });
    const slow = attemptOf(limiter.begin('a@example.org', 'x'));
    now = 1500;
    expect('wait' in limiter.begin('a@example.org', 'x')).toBe(true);
    slow.failed();
    expect(limiter.begin('a@example.org', 'x')).toEqual({ wait: 1000 });
    now = 2500;
    attemptOf(limiter.begin('a@example.org', 'x'));
  });
});
