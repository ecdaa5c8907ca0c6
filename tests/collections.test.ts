import { describe, expect, it } from 'vitest';
import { compareText, ConcurrencyLimit, lowerBound, LruCache, mapLimited, memo } from '../src/collections.js';

describe('collections', () => {
  it('compareText orders by code units; lowerBound finds the first element not less than the value', () => {
    expect(['b', 'a', 'B', 'aa'].sort(compareText)).toEqual(['B', 'a', 'aa', 'b']);
    const list = ['a', 'c', 'c', 'e'];
    expect([' ', 'a', 'b', 'c', 'd', 'e', 'f'].map((x) => lowerBound(list, x, compareText))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(lowerBound([], 'x', compareText)).toBe(0);
  });

  it('LruCache.getOrSet computes once per key and evicts the least recently used beyond its capacity', () => {
    const cache = new LruCache<string, string>(2);
    let renders = 0;
    const render = () => `x${(renders += 1)}`;
    expect(cache.getOrSet('a', render)).toBe('x1');
    expect(cache.getOrSet('a', render)).toBe('x1');
    expect(cache.getOrSet('b', render)).toBe('x2');
    expect(cache.getOrSet('c', render)).toBe('x3');
    expect(cache.getOrSet('a', render)).toBe('x4');
    expect(cache.getOrSet('c', render)).toBe('x3');
    expect([...cache.keys()]).toEqual(['a', 'c']);
    expect(cache.size).toBe(2);
  });

  it('memo keeps results per argument', () => {
    let calls = 0;
    const twice = memo((s: string) => {
      calls += 1;
      return s + s;
    }, 10);
    expect([twice('a'), twice('b'), twice('a')]).toEqual(['aa', 'bb', 'aa']);
    expect(calls).toBe(2);
  });

  it('LruCache with a weight bounds the sum of the weights, always keeping the newest entry', () => {
    const cache = new LruCache<string, string>(10, (v) => v.length);
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    expect(cache.weight).toBe(8);
    cache.set('c', 'zzzz');
    expect([...cache.keys()]).toEqual(['b', 'c']);
    cache.set('b', 'y');
    expect(cache.weight).toBe(5);
    cache.set('big', 'w'.repeat(50));
    expect([...cache.keys()]).toEqual(['big']);
    expect(cache.weight).toBe(50);
    cache.delete('big');
    expect(cache.weight).toBe(0);
  });

  it('ConcurrencyLimit runs at most `limit` tasks at once, first come first served, also after failures', async () => {
    const limit = new ConcurrencyLimit(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, i % 4));
      running -= 1;
      if (i % 7 === 0) throw new Error(`task ${i}`);
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => limit.run(task(i))));
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(6);
    expect(limit.running).toBe(0);
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });

  it('mapLimited keeps the order of results, never runs more than `limit` calls, and stops starting new ones after a failure', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (x, i) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, x));
      running -= 1;
      return `${i}:${x}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(2);
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
    const calls: number[] = [];
    await expect(
      mapLimited([1, 2, 3, 4, 5, 6], 1, async (x) => {
        calls.push(x);
        if (x === 2) throw new Error('kapot');
        return x;
      }),
    ).rejects.toThrow('kapot');
    expect(calls).toEqual([1, 2]);
  });
});
