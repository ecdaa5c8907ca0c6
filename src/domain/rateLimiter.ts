/**
 * Counts failures per key in a fixed window (e.g. failed sign-ins per account and per address).
 * In memory: the service is one process per data folder, and a restart forgetting the counts is
 * acceptable for this threat (online password guessing). Bounded: old keys are swept.
 */
export interface RateLimitRule {
  /** Failures allowed within the window; the next attempt is refused until the window ends. */
  max: number;
  windowMs: number;
}

interface Bucket {
  count: number;
  resetAt: number;
}

export class FailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const b = this.buckets.get(key);
    const t = this.now();
    if (!b || b.resetAt <= t) return 0;
    return b.count >= this.rule.max ? b.resetAt - t : 0;
  }

  fail(key: string): void {
    const t = this.now();
    const b = this.buckets.get(key);
    if (!b || b.resetAt <= t) this.buckets.set(key, { count: 1, resetAt: t + this.rule.windowMs });
    else b.count += 1;
    if (++this.sweeps % 1000 === 0) this.sweep(t);
  }

  reset(key: string): void {
    this.buckets.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (b.resetAt <= t) this.buckets.delete(k);
  }
}

/** The limits for sign-in (pages and tokens): per account and per client address. */
export class SignInLimiter {
  readonly perAccount: FailureLimiter;
  readonly perAddress: FailureLimiter;

  constructor(now: () => number = Date.now, rules: { account?: RateLimitRule; address?: RateLimitRule } = {}) {
    this.perAccount = new FailureLimiter(rules.account ?? { max: 5, windowMs: 15 * 60_000 }, now);
    this.perAddress = new FailureLimiter(rules.address ?? { max: 20, windowMs: 15 * 60_000 }, now);
  }

  retryAfterMs(email: string, address: string): number {
    return Math.max(this.perAccount.retryAfterMs(email), this.perAddress.retryAfterMs(address));
  }

  failed(email: string, address: string): void {
    this.perAccount.fail(email);
    this.perAddress.fail(address);
  }

  succeeded(email: string): void {
    this.perAccount.reset(email);
  }
}
