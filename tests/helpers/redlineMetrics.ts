/**
 * Redline figures for one revision pair, measured the same way by the corpus test
 * (tests/domain/redlineCorpus.test.ts) and the benchmark (bench/redline.ts). The definitions are in
 * docs/benchmarks.md ("Redlines on real texts"); in short:
 *
 * - The texts are measured as the service stores them: `normaliseMarkdown` of each side.
 * - Ground truth, independent of the comparison's own pairing: the lines that a longest common
 *   subsequence of the two line lists does not keep are the changed lines. A changed old line and a
 *   changed new line are the *same sentence, edited* when each is the other's most similar changed line
 *   and their word similarity (order-aware: 2·LCS of their words / total words) is at least
 *   EDITED_FLOOR. Pairs that differ in whitespace only are counted apart (`whitespaceOnly`), not as edits;
 *   a line moved without any change is neither.
 * - An edited sentence is *word-marked* when the comparison shows it as one `gewijzigd` line from the old
 *   sentence to its counterpart with word parts (`woorden` not null).
 * - A `gewijzigd` line whose two sides have a word similarity below UNRELATED_FLOOR and that is not an
 *   edited pair of the ground truth is an *unrelated pair* (an error).
 * - *Exact*: both texts rebuild byte for byte from the line changes (and every pair's word parts spell
 *   both of its sides).
 * - Minimality: the words the comparison marks as changed (word parts of changed sentences, all words of
 *   removed and inserted lines) against the words `git diff --word-diff=porcelain` marks on the same two
 *   normalised texts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffArrays } from 'diff';
import { normaliseMarkdown } from '../../src/domain/sentences.js';
import { compareTexts, splitLines, type LineChange } from '../../src/domain/compare.js';

/** Two sentences with at least this word similarity (and mutually most similar) are one edited sentence. */
export const EDITED_FLOOR = 0.5;
/** A pair shown as one changed sentence below this similarity, and not an edited pair, is unrelated. */
export const UNRELATED_FLOOR = 0.25;

const WORD_RE = /[\p{L}\p{N}]+/gu;

export function words(line: string): string[] {
  return (line.toLowerCase().match(WORD_RE) ?? []);
}

/** 2·|LCS(words)| / (|a| + |b|); 0 when either side has no words. */
export function wordSimilarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.length === 0 || y.length === 0) return 0;
  let common = 0;
  for (const c of diffArrays(x, y)) if (!c.added && !c.removed) common += c.count ?? c.value.length;
  return (2 * common) / (x.length + y.length);
}

function sameButWhitespace(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

export interface EditedPair {
  /** 0-based line indices. */
  van: number;
  naar: number;
  similarity: number;
}

export interface GroundTruth {
  edited: EditedPair[];
  whitespaceOnly: EditedPair[];
}

/** The edited sentences of a revision pair (see the module comment). Quadratic in the changed lines. */
export function groundTruth(vanLines: readonly string[], naarLines: readonly string[]): GroundTruth {
  const removed: number[] = [];
  const added: number[] = [];
  let i = 0;
  let j = 0;
  for (const c of diffArrays([...vanLines], [...naarLines])) {
    const n = c.count ?? c.value.length;
    if (c.removed) for (let k = 0; k < n; k++) removed.push(i++);
    else if (c.added) for (let k = 0; k < n; k++) added.push(j++);
    else {
      i += n;
      j += n;
    }
  }
  const whitespaceOnly: EditedPair[] = [];
  const usedR = new Set<number>();
  const usedA = new Set<number>();
  // A line moved unchanged (the common subsequence could not keep it) is neither edited nor a
  // whitespace change: set such lines aside first.
  for (const r of removed) {
    const a = added.find((x) => !usedA.has(x) && naarLines[x] === vanLines[r]);
    if (a !== undefined) {
      usedR.add(r);
      usedA.add(a);
    }
  }
  // Whitespace-only differences next (identical words and markup).
  for (const r of removed) {
    if (usedR.has(r)) continue;
    const a = added.find((x) => !usedA.has(x) && sameButWhitespace(vanLines[r] ?? '', naarLines[x] ?? ''));
    if (a !== undefined && words(vanLines[r] ?? '').length > 0) {
      whitespaceOnly.push({ van: r, naar: a, similarity: 1 });
      usedR.add(r);
      usedA.add(a);
    }
  }
  const rs = removed.filter((r) => !usedR.has(r) && words(vanLines[r] ?? '').length > 0);
  const as = added.filter((a) => !usedA.has(a) && words(naarLines[a] ?? '').length > 0);
  const sim = new Map<string, number>();
  const key = (r: number, a: number): string => `${r}:${a}`;
  const bestA = new Map<number, { a: number; s: number }>();
  const bestR = new Map<number, { r: number; s: number }>();
  for (const r of rs) {
    for (const a of as) {
      const s = wordSimilarity(vanLines[r] ?? '', naarLines[a] ?? '');
      sim.set(key(r, a), s);
      const br = bestA.get(r);
      if (br === undefined || s > br.s) bestA.set(r, { a, s });
      const ba = bestR.get(a);
      if (ba === undefined || s > ba.s) bestR.set(a, { r, s });
    }
  }
  const edited: EditedPair[] = [];
  for (const r of rs) {
    const b = bestA.get(r);
    if (b === undefined || b.s < EDITED_FLOOR) continue;
    if (bestR.get(b.a)?.r !== r) continue;
    edited.push({ van: r, naar: b.a, similarity: b.s });
  }
  return { edited, whitespaceOnly };
}

/** The lines of one side rebuilt from the line changes; null when line numbers are out of order. */
function rebuild(regels: readonly LineChange[], side: 'van' | 'naar'): string[] | null {
  const out: string[] = [];
  for (const r of regels) {
    let nr: number | undefined;
    let tekst: string | undefined;
    if (r.soort === 'gelijk') {
      nr = side === 'van' ? r.regelVan : r.regelNaar;
      tekst = r.tekst;
    } else if (r.soort === 'verwijderd' && side === 'van') {
      nr = r.regelVan;
      tekst = r.tekst;
    } else if (r.soort === 'ingevoegd' && side === 'naar') {
      nr = r.regelNaar;
      tekst = r.tekst;
    } else if (r.soort === 'gewijzigd') {
      nr = side === 'van' ? r.regelVan : r.regelNaar;
      tekst = side === 'van' ? r.van : r.naar;
    }
    if (nr === undefined || tekst === undefined) continue;
    if (nr !== out.length + 1) return null;
    out.push(tekst);
  }
  return out;
}

/** Both texts rebuild byte for byte from the comparison, and every pair's word parts spell both sides. */
export function isExact(van: string, naar: string, regels: readonly LineChange[]): boolean {
  const v = rebuild(regels, 'van');
  const n = rebuild(regels, 'naar');
  if (v === null || n === null) return false;
  const join = (lines: string[]): string => (lines.length === 0 ? '' : lines.join('\n') + '\n');
  if (join(v) !== van || join(n) !== naar) return false;
  for (const r of regels) {
    if (r.soort !== 'gewijzigd' || r.woorden === null) continue;
    const spell = (skip: string): string => r.woorden?.filter((p) => p.soort !== skip).map((p) => p.tekst).join('') ?? '';
    if (spell('ingevoegd') !== r.van || spell('verwijderd') !== r.naar) return false;
  }
  return true;
}

/** Words the comparison marks as changed. */
export function changedWords(regels: readonly LineChange[]): number {
  let n = 0;
  for (const r of regels) {
    if (r.soort === 'ingevoegd' || r.soort === 'verwijderd') n += words(r.tekst).length;
    else if (r.soort === 'gewijzigd') {
      if (r.woorden === null) n += words(r.van).length + words(r.naar).length;
      else for (const p of r.woorden) if (p.soort !== 'gelijk') n += words(p.tekst).length;
    }
  }
  return n;
}

/** Words marked as changed in `git diff --word-diff=porcelain` output. */
export function gitChangedWords(porcelain: string): number {
  let n = 0;
  let inHunk = false;
  for (const line of porcelain.split('\n')) {
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+') || line.startsWith('-')) n += words(line.slice(1)).length;
  }
  return n;
}

export interface PairFigures {
  edited: number;
  wordMarked: number;
  /** Edited sentences shown as a removed line and an inserted line. */
  split: number;
  /** Edited sentences shown paired, but with another line or without word parts. */
  other: number;
  whitespaceOnly: number;
  /** Whitespace-only differences shown as a change. */
  whitespaceShown: number;
  unrelatedPairs: { van: string; naar: string; similarity: number }[];
  exact: boolean;
  changedWords: number;
  /** Edited sentences not word-marked, for reports. */
  missed: { van: string; naar: string; shownAs: string }[];
}

/** The figures of one revision pair; `van` and `naar` are the normalised texts. */
export function measurePair(van: string, naar: string): PairFigures {
  const vanLines = splitLines(van);
  const naarLines = splitLines(naar);
  const cmp = compareTexts(van, naar);
  const truth = groundTruth(vanLines, naarLines);

  // How each old and new line is shown.
  const vanShown = new Map<number, LineChange>();
  const naarShown = new Map<number, LineChange>();
  for (const r of cmp.regels) {
    if (r.soort === 'gelijk' || r.soort === 'gewijzigd') {
      vanShown.set(r.regelVan - 1, r);
      naarShown.set(r.regelNaar - 1, r);
    } else if (r.soort === 'verwijderd') vanShown.set(r.regelVan - 1, r);
    else naarShown.set(r.regelNaar - 1, r);
  }

  let wordMarked = 0;
  let split = 0;
  let other = 0;
  const missed: PairFigures['missed'] = [];
  const truthPairs = new Set<string>();
  for (const e of truth.edited) {
    truthPairs.add(`${e.van}:${e.naar}`);
    const shown = vanShown.get(e.van);
    if (shown?.soort === 'gewijzigd' && shown.regelNaar - 1 === e.naar && shown.woorden !== null) {
      wordMarked++;
      continue;
    }
    if (shown?.soort === 'verwijderd' && naarShown.get(e.naar)?.soort === 'ingevoegd') split++;
    else other++;
    missed.push({ van: vanLines[e.van] ?? '', naar: naarLines[e.naar] ?? '', shownAs: shown?.soort ?? '?' });
  }
  let whitespaceShown = 0;
  for (const w of truth.whitespaceOnly) {
    if (vanShown.get(w.van)?.soort !== 'gelijk') whitespaceShown++;
  }
  const unrelatedPairs: PairFigures['unrelatedPairs'] = [];
  for (const r of cmp.regels) {
    if (r.soort !== 'gewijzigd') continue;
    if (truthPairs.has(`${r.regelVan - 1}:${r.regelNaar - 1}`)) continue;
    const s = wordSimilarity(r.van, r.naar);
    if (s < UNRELATED_FLOOR) unrelatedPairs.push({ van: r.van, naar: r.naar, similarity: s });
  }
  return {
    edited: truth.edited.length,
    wordMarked,
    split,
    other,
    whitespaceOnly: truth.whitespaceOnly.length,
    whitespaceShown,
    unrelatedPairs,
    exact: isExact(van, naar, cmp.regels),
    changedWords: changedWords(cmp.regels),
    missed,
  };
}

// ---------------------------------------------------------------------------------------------------
// The corpus (see scripts/redline-corpus.ts)

export interface CorpusPair {
  id: string;
  repo: string;
  commit: string;
  path: string;
  van: string;
  naar: string;
}

/** The revision pairs in `dir` (manifest.json + <id>/van.md, naar.md), raw as committed. */
export function loadCorpus(dir: string): CorpusPair[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    id: string;
    repo: string;
    commit: string;
    path: string;
  }[];
  return manifest.map((e) => ({
    ...e,
    van: fs.readFileSync(path.join(dir, e.id, 'van.md'), 'utf8'),
    naar: fs.readFileSync(path.join(dir, e.id, 'naar.md'), 'utf8'),
  }));
}

export interface CorpusFigures {
  pairs: number;
  edited: number;
  wordMarked: number;
  split: number;
  other: number;
  whitespaceOnly: number;
  whitespaceShown: number;
  unrelatedPairs: number;
  exactPairs: number;
  perPair: (PairFigures & { id: string; van: string; naar: string })[];
}

/** Figures over a corpus, each pair measured on its normalised texts (as the service stores them). */
export function measureCorpus(pairs: readonly CorpusPair[]): CorpusFigures {
  const perPair = pairs.map((p) => {
    const van = normaliseMarkdown(p.van);
    const naar = normaliseMarkdown(p.naar);
    return { id: p.id, van, naar, ...measurePair(van, naar) };
  });
  const sum = (f: (x: PairFigures) => number): number => perPair.reduce((s, x) => s + f(x), 0);
  return {
    pairs: perPair.length,
    edited: sum((x) => x.edited),
    wordMarked: sum((x) => x.wordMarked),
    split: sum((x) => x.split),
    other: sum((x) => x.other),
    whitespaceOnly: sum((x) => x.whitespaceOnly),
    whitespaceShown: sum((x) => x.whitespaceShown),
    unrelatedPairs: sum((x) => x.unrelatedPairs.length),
    exactPairs: perPair.filter((x) => x.exact).length,
    perPair,
  };
}

/**
 * Where the corpus is: $REDLINE_CORPUS, else the project's copy in tests/data/redline-corpus, else
 * shared/redline-corpus beside the project (the steering side's data folder); null when none exists.
 */
export function findCorpus(): string | null {
  const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const candidates = [
    process.env.REDLINE_CORPUS,
    path.join(root, 'tests/data/redline-corpus'),
    path.join(root, '../shared/redline-corpus'),
  ];
  for (const dir of candidates) {
    if (dir !== undefined && dir !== '' && fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  }
  return null;
}
