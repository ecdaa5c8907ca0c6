/**
 * The comparison on real revisions of Dutch public texts (scripts/redline-corpus.ts builds the corpus;
 * its SOURCES.md names every repository, commit and licence). Deterministic, not timed: the figures
 * themselves, with their definitions, are in tests/helpers/redlineMetrics.ts and docs/benchmarks.md;
 * the benchmark prints them too (bench/redline.ts), with the comparison against git's word diff.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findCorpus, loadCorpus, measureCorpus, type CorpusFigures } from '../helpers/redlineMetrics.js';

const corpusDir = findCorpus();
if (corpusDir === null) {
  console.warn(
    'redlineCorpus.test.ts: no redline corpus found (REDLINE_CORPUS, tests/data/redline-corpus or ../shared/redline-corpus); ' +
      'build one with scripts/redline-corpus.ts, see docs/benchmarks.md',
  );
}

describe.skipIf(corpusDir === null)('redlines on the corpus of real revisions', () => {
  let figures: CorpusFigures;
  beforeAll(() => {
    figures = measureCorpus(loadCorpus(corpusDir ?? ''));
  });

  it('has real edits to measure', () => {
    expect(figures.pairs).toBeGreaterThanOrEqual(50);
    expect(figures.edited).toBeGreaterThanOrEqual(100);
  });

  it('shows at least 95% of the edited sentences as one sentence with word marks', () => {
    const missed = figures.perPair.flatMap((p) => p.missed.map((m) => `${p.id} ${m.shownAs}: ${m.van} => ${m.naar}`));
    expect(figures.wordMarked / figures.edited, missed.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('rebuilds both texts of every pair byte for byte from the comparison', () => {
    expect(figures.perPair.filter((p) => !p.exact).map((p) => p.id)).toEqual([]);
  });

  it('pairs no unrelated sentences', () => {
    expect(figures.perPair.flatMap((p) => p.unrelatedPairs.map((u) => `${p.id}: ${u.van} => ${u.naar}`))).toEqual([]);
  });
});
