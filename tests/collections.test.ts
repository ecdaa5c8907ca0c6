import { describe, expect, it } from 'vitest';
import { compareText, lowerBound, LruCache, memo } from '../src/collections.js';

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
});
