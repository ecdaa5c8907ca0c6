/**
 * Section 9 of `npm run bench` (also alone: BENCH_ONLY=redline): redlines on real texts. On the corpus
 * of real revision pairs of Dutch public texts (scripts/redline-corpus.ts; found by findCorpus in
 * tests/helpers/redlineMetrics.ts), each pair normalised as the service stores it:
 *
 * - the share of edited sentences shown as one sentence with word marks (target >= 95 %), how the
 *   others were shown, unrelated pairs (target 0) and exactness (target: every pair);
 * - minimality against stock git: the words the comparison marks as changed against the words
 *   `git diff --no-index --word-diff=porcelain` marks on the same two normalised texts (median of
 *   the per-pair ratios, and total over total; information, no target);
 * - the time of the comparison itself (in-process, whole corpus) and of git's word diff (one process
 *   per pair), for information.
 *
 * The definitions are in tests/helpers/redlineMetrics.ts and docs/benchmarks.md. Deterministic apart
 * from the times; the corpus test (tests/domain/redlineCorpus.test.ts) asserts the same figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compareTexts } from '../src/domain/compare.js';
import {
  findCorpus,
  gitChangedWords,
  loadCorpus,
  measureCorpus,
} from '../tests/helpers/redlineMetrics.js';
import type { PartOutcome } from './endorsements.js';
import { ms, now, table } from './stats.js';

const SHARE_TARGET = 0.95;

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function redlineSection(tmpDir: string): PartOutcome {
  const dir = findCorpus();
  if (dir === null) {
    console.log('  no redline corpus found (REDLINE_CORPUS, tests/data/redline-corpus or ../shared/redline-corpus): section skipped');
    console.log('  build one with scripts/redline-corpus.ts (see docs/benchmarks.md)');
    return { lines: ['info 8. redlines: no corpus found, skipped'], failed: 0, withTarget: 0 };
  }
  const pairs = loadCorpus(dir);
  const f = measureCorpus(pairs);
  console.log(`  corpus ${dir}: ${f.pairs} revision pairs from ${new Set(pairs.map((p) => p.repo)).size} repositories`);

  // git's word diff on the same normalised texts, and the times of both sides.
  const work = path.join(tmpDir, 'redline');
  fs.mkdirSync(work, { recursive: true });
  let gitMs = 0;
  const ratios: number[] = [];
  let oursTotal = 0;
  let gitTotal = 0;
  for (const p of f.perPair) {
    const a = path.join(work, `${p.id}-van.md`);
    const b = path.join(work, `${p.id}-naar.md`);
    fs.writeFileSync(a, p.van);
    fs.writeFileSync(b, p.naar);
    const t0 = now();
    const r = spawnSync('git', ['diff', '--no-index', '--no-color', '--word-diff=porcelain', a, b], { encoding: 'utf8', maxBuffer: 1 << 26 });
    gitMs += now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`git diff failed for pair ${p.id}: ${r.stderr}`);
    const g = gitChangedWords(r.stdout);
    oursTotal += p.changedWords;
    gitTotal += g;
    if (g > 0) ratios.push(p.changedWords / g);
  }
  const reps = 5;
  const t0 = now();
  for (let k = 0; k < reps; k++) for (const p of f.perPair) compareTexts(p.van, p.naar);
  const oursMs = (now() - t0) / reps;

  const share = f.wordMarked / f.edited;
  const exact = f.exactPairs === f.pairs;
  const rows: string[][] = [
    ['edited sentences (ground truth)', String(f.edited), '', ''],
    ['shown as one sentence with word marks', `${f.wordMarked} (${pct(share)})`, `>= ${pct(SHARE_TARGET)}`, share >= SHARE_TARGET ? 'PASS' : 'FAIL'],
    ['shown as a whole sentence removed + one inserted', `${f.split} (${pct(f.split / f.edited)})`, '', 'info'],
    ['shown otherwise (paired with another line, or no word parts)', String(f.other), '', 'info'],
    ['unrelated sentences paired', String(f.unrelatedPairs), '0', f.unrelatedPairs === 0 ? 'PASS' : 'FAIL'],
    ['pairs whose both texts rebuild byte for byte', `${f.exactPairs} of ${f.pairs}`, 'all', exact ? 'PASS' : 'FAIL'],
    ['whitespace-only line changes left after normalisation (shown as a change)', `${f.whitespaceOnly} (${f.whitespaceShown})`, '', 'info'],
    ['changed words, ours / git --word-diff: median of the pairs', median(ratios).toFixed(2), '', 'info'],
    ['changed words, ours / git --word-diff: total', `${oursTotal} / ${gitTotal} = ${(oursTotal / gitTotal).toFixed(2)}`, '', 'info'],
    ['time: compareTexts over the corpus (in-process) / git diff --word-diff, one process per pair', `${ms(oursMs)} ms / ${ms(gitMs)} ms`, '', 'info'],
  ];
  console.log(table(['redline figure', 'value', 'target', 'result'], rows, new Set([0])));
  const missed = f.perPair.flatMap((p) => p.missed.map((m) => `    ${p.id} ${m.shownAs}: ${m.van.slice(0, 90)}  =>  ${m.naar.slice(0, 90)}`));
  if (missed.length > 0) console.log(`  edited sentences not word-marked:\n${missed.join('\n')}`);

  const failed = (share >= SHARE_TARGET ? 0 : 1) + (f.unrelatedPairs === 0 ? 0 : 1) + (exact ? 0 : 1);
  return {
    lines: [
      `${share >= SHARE_TARGET ? 'PASS' : 'FAIL'} 8. redlines on ${f.pairs} real revision pairs: ${pct(share)} of ${f.edited} edited sentences word-marked (target >= ${pct(SHARE_TARGET)}), ` +
        `${f.unrelatedPairs} unrelated pairs, ${f.exactPairs}/${f.pairs} exact; changed words ours/git median ${median(ratios).toFixed(2)}`,
    ],
    failed,
    withTarget: 3,
  };
}
