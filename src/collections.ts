/**
 * Small generic helpers over sorted arrays and caches, shared by storage, queries and presenters.
 */

/** Orders strings by UTF-16 code units (as `<` does): oids, ISO dates, ref names. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first element of the sorted `list` that is not less than `x` by `cmp`. */
export function lowerBound<T>(list: readonly T[], x: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid] as T, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A small LRU map: `get` refreshes an entry, `set` evicts the least recently used beyond `capacity`.
 * Capacity counts entries, or, with `weigh`, the sum of the entries' weights (e.g. the characters of a
 * cached text), so a cache of values whose size varies a thousandfold (the files of a 4-principle and of
 * a 10,000-principle document) is bounded in memory, not just in count. The newest entry is always kept.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  private readonly weights = new Map<K, number>();
  private total = 0;
  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The sum of the weights (the number of entries without `weigh`). */
  get weight(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Reads without refreshing. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  delete(key: K): void {
    if (!this.map.has(key)) return;
    this.map.delete(key);
    this.total -= this.weights.get(key) ?? 0;
    this.weights.delete(key);
  }

  /** The keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  /** The value for `key`, computed and kept when it is not there. */
  getOrSet(key: K, compute: () => V): V {
    let value = this.get(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const w = this.weigh === undefined ? 1 : Math.max(0, this.weigh(value));
    this.map.set(key, value);
    this.weights.set(key, w);
    this.total += w;
    while (this.total > this.capacity && this.map.size > 1) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.delete(oldest.value);
    }
  }
}

/** `fn` with its results kept per argument (the `capacity` most recently used). */
export function memo<T>(fn: (arg: string) => T, capacity: number): (arg: string) => T {
  const cache = new LruCache<string, T>(capacity);
  return (arg) => cache.getOrSet(arg, () => fn(arg));
}

/**
 * Runs at most `limit` tasks at a time; the others wait in order (first come, first served). Shared by
 * every fan-out of file reads, so the number of files open at once stays bounded however many callers
 * fan out at the same time (10,000 blob reads at once ran out of file descriptors: EMFILE).
 * A task must not wait for another task of the same limiter (it could wait for a slot it holds).
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** How many tasks run now (for tests and diagnostics). */
  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting[this.head];
    if (next === undefined) {
      this.active -= 1;
      return;
    }
    // Hand the slot straight to the next waiter (`active` stays the same).
    this.waiting[this.head] = () => undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    next();
  }
}

/**
 * How many calls that each read files (a document's text, an amendment's mergeability) a request runs at
 * once when it fans out over documents or amendments; the file reads inside are bounded again below.
 */
export const READ_FAN_OUT = 4;

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls of `fn` running at once; results in the order
 * of `items`. On the first failure no new calls start and the promise rejects with that error (calls
 * already running finish on their own).
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
