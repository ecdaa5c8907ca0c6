/**
 * Limits sign-in attempts per key in a fixed window (per account and per client address).
 * In memory: the service is one process per data folder, and a restart forgetting the counts is
 * acceptable for this threat (online password guessing). Bounded: old keys are swept.
 *
 * An attempt is reserved before its password is checked, synchronously, and settled after: a failure
 * then counts in the window, a success frees its place. Checking the count first and counting the
 * failure only after the (slow, ~100 ms) password check would let a burst of parallel requests all
 * pass the check before any failure was counted. So the limit is on failures plus attempts in flight.
 */
export interface RateLimitRule {
  /** Failures (plus attempts still being checked) allowed within the window; the next is refused. */
  max: number;
  windowMs: number;
}

interface Bucket {
  /** Failures counted in the current window. */
  failures: number;
  /** When the window ends (failures forgotten). */
  resetAt: number;
  /** Attempts reserved and not settled yet; they outlive a window (they belong to no window yet). */
  pending: number;
}

export class FailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Milliseconds until `key` may try again, or 0 when it may try now. While the limit is reached partly
   * through attempts in flight, the wait is still until the window ends: those will most likely fail.
   */
  retryAfterMs(key: string): number {
    const t = this.now();
    const b = this.current(key, t);
    if (!b || b.failures + b.pending < this.rule.max) return 0;
    return b.resetAt - t;
  }

  /** Takes one place for an attempt; the caller checked `retryAfterMs` first, in the same tick. */
  reserve(key: string): void {
    const t = this.now();
    const b = this.current(key, t) ?? this.open(key, t);
    b.pending += 1;
    if (++this.sweeps % 1000 === 0) this.sweep(t);
  }

  /** Settles a reserved attempt that failed: it counts in the window. */
  failReserved(key: string): void {
    const t = this.now();
    const b = this.current(key, t) ?? this.open(key, t);
    if (b.pending > 0) b.pending -= 1;
    b.failures += 1;
  }

  /** Settles a reserved attempt without counting it (it succeeded). */
  release(key: string): void {
    const b = this.buckets.get(key);
    if (b && b.pending > 0) b.pending -= 1;
  }

  /** Forgets the failures of `key` (after a successful sign-in); attempts in flight stay reserved. */
  clearFailures(key: string): void {
    const b = this.buckets.get(key);
    if (!b) return;
    if (b.pending === 0) this.buckets.delete(key);
    else b.failures = 0;
  }

  /** The bucket of `key`, its window renewed when it ended (pending attempts carried over). */
  private current(key: string, t: number): Bucket | undefined {
    const b = this.buckets.get(key);
    if (!b) return undefined;
    if (b.resetAt <= t) {
      if (b.pending === 0) {
        this.buckets.delete(key);
        return undefined;
      }
      b.failures = 0;
      b.resetAt = t + this.rule.windowMs;
    }
    return b;
  }

  private open(key: string, t: number): Bucket {
    const b: Bucket = { failures: 0, resetAt: t + this.rule.windowMs, pending: 0 };
    this.buckets.set(key, b);
    return b;
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (b.resetAt <= t && b.pending === 0) this.buckets.delete(k);
  }
}

/** One reserved sign-in attempt: settle it exactly once, as failed or succeeded. */
export interface SignInAttempt {
  failed(): void;
  succeeded(): void;
}

/** The limits for sign-in (pages and tokens): per account and per client address. */
export class SignInLimiter {
  readonly perAccount: FailureLimiter;
  readonly perAddress: FailureLimiter;

  constructor(now: () => number = Date.now, rules: { account?: RateLimitRule; address?: RateLimitRule } = {}) {
    this.perAccount = new FailureLimiter(rules.account ?? { max: 5, windowMs: 15 * 60_000 }, now);
    this.perAddress = new FailureLimiter(rules.address ?? { max: 20, windowMs: 15 * 60_000 }, now);
  }

  /**
   * Reserves an attempt for this account from this address, or answers how many milliseconds to wait.
   * Synchronous on purpose: check and reservation happen in one tick, so no parallel attempt slips in
   * between. A refused attempt reserves nothing and counts nothing.
   */
  begin(email: string, clientAddress: string): { wait: number } | { attempt: SignInAttempt } {
    const address = addressKey(clientAddress);
    const wait = Math.max(this.perAccount.retryAfterMs(email), this.perAddress.retryAfterMs(address));
    if (wait > 0) return { wait };
    this.perAccount.reserve(email);
    this.perAddress.reserve(address);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      return true;
    };
    return {
      attempt: {
        failed: () => {
          if (!settle()) return;
          this.perAccount.failReserved(email);
          this.perAddress.failReserved(address);
        },
        // A success frees its places and forgets the account's failures (not the address's: one
        // address guessing many accounts must not reset its count by signing in to its own).
        succeeded: () => {
          if (!settle()) return;
          this.perAccount.release(email);
          this.perAccount.clearFailures(email);
          this.perAddress.release(address);
        },
      },
    };
  }
}

/**
 * The key a client address is limited under. IPv4 (also written IPv4-mapped, `::ffff:a.b.c.d`) as
 * is; IPv6 by its /64 prefix, because one subscriber or host usually holds a whole /64 and could
 * otherwise take a fresh address for every attempt.
 */
export function addressKey(address: string): string {
  const ip = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 at the end takes two groups; it never reaches the first four unless `::` is short.
  const last = tailGroups.at(-1) ?? headGroups.at(-1) ?? '';
  const width = last.includes('.') ? 7 : 8;
  const zeros = tail === undefined ? [] : Array.from({ length: Math.max(0, width - headGroups.length - tailGroups.length) }, () => '0');
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4).map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
  while (groups.length < 4) groups.push('0');
  return `${groups.join(':')}::/64`;
}
