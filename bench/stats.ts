/** Small statistics and formatting helpers for the benchmark report. */

export interface Summary {
  samples: number;
  median: number;
  p90: number;
  min: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function summarise(times: readonly number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? (sorted[mid] ?? Number.NaN)
        : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
  return { samples: sorted.length, median, p90: percentile(sorted, 90), min: sorted[0] ?? Number.NaN };
}

export function ms(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A plain-text table; columns are right-aligned except those in `leftColumns` (0-based). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns: ReadonlySet<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (leftColumns.has(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Milliseconds since an origin taken with `now()`. */
export function now(): number {
  return performance.now();
}

/** A transparent Proxy that adds the time of every call of `method` (a promise) to `timers[key]`. */
export function timedMethod<T extends object, K extends string>(target: T, method: string, timers: Record<K, number>, key: K): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (prop !== method || typeof value !== 'function') return value;
      return (...args: unknown[]): Promise<unknown> => {
        const started = now();
        const result = Reflect.apply(value, t, args) as Promise<unknown>;
        return result.finally(() => {
          timers[key] += now() - started;
        });
      };
    },
  });
}
