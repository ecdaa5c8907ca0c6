/**
 * A benchmark case (ours against one or more git commands), how it is measured (warm-up, then timed
 * runs, ours and git interleaved) and judged, and the answer checks that precede the timing.
 * Shared by the document cases in run.ts and the amendment cases in amendmentCases.ts.
 */
import { summarise, type Summary } from './stats.js';

/** `none`: a reference row without a target (the floors). */
export type Target = { kind: 'ratio'; max: number } | { kind: 'absolute'; maxMs: number } | { kind: 'none' };

export interface Side {
  /** Shown in the table (extra git variants only). */
  short?: string;
  /** Shown in the legend. */
  label: string;
  /** One timed run; `i` counts all runs of the case (warm-up first), for cases that vary the input. */
  run: (i: number) => Promise<number>;
}

export interface Case {
  id: string;
  title: string;
  ours: Side;
  /** The first is the reference for the ratio and target; the others are shown for information. */
  git: Side[];
  target: Target;
}

export interface CaseResult {
  c: Case;
  /** Our very first request of the case (cold: JIT, caches), part of the warm-up. */
  first: number;
  ours: Summary;
  git: Summary[];
}

export async function measure(c: Case, warmup: number, reps: number): Promise<CaseResult> {
  const ours: number[] = [];
  const gits: number[][] = c.git.map(() => []);
  let first = Number.NaN;
  for (let i = 0; i < warmup + reps; i++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    const t = await c.ours.run(i);
    if (i === 0) first = t;
    if (i >= warmup) ours.push(t);
    for (let k = 0; k < c.git.length; k++) {
      const g = await (c.git[k] as Side).run(i);
      if (i >= warmup) gits[k]?.push(g);
    }
  }
  return { c, first, ours: summarise(ours), git: gits.map(summarise) };
}

export function verdict(r: CaseResult): { ratio: number; pass: boolean; target: string } {
  const ref = r.git[0] as Summary;
  const ratio = r.ours.median / ref.median;
  const t = r.c.target;
  if (t.kind === 'none') return { ratio, pass: true, target: '-' };
  return t.kind === 'ratio'
    ? { ratio, pass: ratio <= t.max, target: `ratio <= ${t.max}` }
    : { ratio, pass: r.ours.median < t.maxMs, target: `< ${t.maxMs} ms` };
}

/** Labels of the checks that failed, for the summary. */
export const failedChecks: string[] = [];

export function check(label: string, ok: boolean, detail: string): void {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${detail}`);
  if (!ok) failedChecks.push(label);
}

export function json<T>(body: Buffer): T {
  const value: unknown = JSON.parse(body.toString('utf8'));
  return value as T;
}
