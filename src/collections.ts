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

/** A small LRU map: `get` refreshes an entry, `set` evicts the least recently used beyond `capacity`. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.map.size;
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
    this.map.delete(key);
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
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
    }
  }
}

/** `fn` with its results kept per argument (the `capacity` most recently used). */
export function memo<T>(fn: (arg: string) => T, capacity: number): (arg: string) => T {
  const cache = new LruCache<string, T>(capacity);
  return (arg) => cache.getOrSet(arg, () => fn(arg));
}
