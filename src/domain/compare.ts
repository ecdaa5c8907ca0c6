/**
 * The comparison model: what changed between two versions of a document, per principle, per sentence
 * line and per word inside changed sentences. One model feeds the web page, the JSON API and the
 * adoption document (Word tracked changes). Pure functions, no I/O (the clock is read for the deadline).
 *
 * Steps: match principles (by file name, then renames by content); diff each principle by line
 * (= sentence, texts are stored one sentence per line); inside each change region (a run of removed
 * and added lines, extended over paragraph breaks, see compareLines) pair similar sentences and
 * word-diff only those pairs. Every jsdiff call is bounded (see wordDiff.ts); when
 * a bound is hit the result falls back to a coarser form and `afgebroken` is set.
 */
import type { DocumentMeta, DocumentText, Principle } from './documentModel.js';
import {
  createBudget,
  diffSequences,
  wordDiffWithin,
  type CompareOptions,
  type DiffBudget,
  type EditRun,
  type WordPart,
} from './wordDiff.js';

export {
  wordDiff,
  tokenizeWords,
  DEFAULT_MAX_EDIT_LENGTH,
  DEFAULT_TIMEOUT_MS,
  type CompareOptions,
  type WordPart,
} from './wordDiff.js';

export type PrincipleChangeKind = 'ongewijzigd' | 'gewijzigd' | 'toegevoegd' | 'verwijderd' | 'hernoemd';

export type LineChange =
  | { soort: 'gelijk'; tekst: string; regelVan: number; regelNaar: number }
  | { soort: 'ingevoegd'; tekst: string; regelNaar: number }
  | { soort: 'verwijderd'; tekst: string; regelVan: number }
  /** A changed sentence; `woorden` is null when the word diff gave up (shown as "zin vervangen"). */
  | { soort: 'gewijzigd'; van: string; naar: string; regelVan: number; regelNaar: number; woorden: WordPart[] | null };

export interface PrincipleRef {
  bestand: string;
  nummer: number;
  titel: string;
}

/** Counts of line changes (a `gewijzigd` line counts once, as gewijzigd). */
export interface ChangeCounts {
  ingevoegd: number;
  verwijderd: number;
  gewijzigd: number;
}

export interface PrincipleComparison {
  /** `hernoemd` = file renamed or moved (renumbered); its content may also differ. */
  soort: PrincipleChangeKind;
  /** null when added. */
  van: PrincipleRef | null;
  /** null when removed. */
  naar: PrincipleRef | null;
  /** Over the whole file text, heading line included; 1-based line numbers. */
  regels: LineChange[];
  telling: ChangeCounts;
}

export interface DocumentComparison {
  /** Anything differs (principles or metadata). */
  gewijzigd: boolean;
  /** Document metadata (titel, beschrijving, ...) differs. */
  metaGewijzigd: boolean;
  /** In the order of the `naar` document; removed principles at their old position. */
  principes: PrincipleComparison[];
  /** True when a bound was hit and a fallback was used somewhere. */
  afgebroken: boolean;
}

export interface TextComparison {
  regels: LineChange[];
  telling: ChangeCounts;
  afgebroken: boolean;
}

/**
 * Minimal word-bag similarity (Dice coefficient over letter/digit words, list numbers left out) for two
 * sentences to be shown as one changed sentence.
 */
export const PAIRING_THRESHOLD = 0.5;
/**
 * Change regions up to this many removed×added lines are aligned optimally; a single block past it is
 * paired greedily in a window, and blocks are only joined into a region while it stays under it.
 */
const MAX_PAIRING_CELLS = 2500;
/** How many added lines ahead the greedy pairing looks for a partner. */
const PAIRING_WINDOW = 8;

/** The lines of a text; a final newline ends the last line and does not start an empty one. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function compareTexts(van: string, naar: string, opts?: CompareOptions): TextComparison {
  return compareLines(splitLines(van), splitLines(naar), createBudget(opts));
}

export function compareDocuments(van: DocumentText, naar: DocumentText, opts?: CompareOptions): DocumentComparison {
  const budget = createBudget(opts);
  const vp = van.principes;
  const np = naar.principes;
  const vanLines = vp.map((p) => splitLines(p.tekst));
  const naarLines = np.map((p) => splitLines(p.tekst));

  // naarToVan[j] = index in van of the principle naar[j] continues, or -1 when added.
  const naarToVan = matchPrinciples(vp, np, vanLines, naarLines);
  const vanToNaar: number[] = vp.map(() => -1);
  naarToVan.forEach((i, j) => {
    if (i >= 0) vanToNaar[i] = j;
  });

  let afgebroken = false;
  const keyed: { key: [number, number, number]; cmp: PrincipleComparison }[] = [];
  np.forEach((n, j) => {
    const i = naarToVan[j] ?? -1;
    const v = i >= 0 ? vp[i] : undefined;
    const nLines = naarLines[j] ?? [];
    if (v === undefined) {
      keyed.push({ key: [j, 0, 0], cmp: onlyOneSide('toegevoegd', null, ref(n), nLines) });
      return;
    }
    const text = compareLines(vanLines[i] ?? [], nLines, budget);
    afgebroken ||= text.afgebroken;
    const moved = v.bestand !== n.bestand || v.nummer !== n.nummer;
    const changed = text.regels.some((r) => r.soort !== 'gelijk');
    const soort: PrincipleChangeKind = moved ? 'hernoemd' : changed ? 'gewijzigd' : 'ongewijzigd';
    keyed.push({ key: [j, 0, 0], cmp: { soort, van: ref(v), naar: ref(n), regels: text.regels, telling: text.telling } });
  });
  // A removed principle goes right after the principle that preceded it in `van` (and still exists).
  let anchor = -1;
  vp.forEach((v, i) => {
    const j = vanToNaar[i] ?? -1;
    if (j >= 0) {
      anchor = j;
      return;
    }
    keyed.push({ key: [anchor, 1, i], cmp: onlyOneSide('verwijderd', ref(v), null, vanLines[i] ?? []) });
  });
  keyed.sort((x, y) => x.key[0] - y.key[0] || x.key[1] - y.key[1] || x.key[2] - y.key[2]);
  const principes = keyed.map((k) => k.cmp);

  const metaGewijzigd = metaDiffers(van.meta, naar.meta);
  return {
    gewijzigd: metaGewijzigd || principes.some((p) => p.soort !== 'ongewijzigd'),
    metaGewijzigd,
    principes,
    afgebroken,
  };
}

function ref(p: Principle): PrincipleRef {
  return { bestand: p.bestand, nummer: p.nummer, titel: p.titel };
}

function onlyOneSide(
  soort: 'toegevoegd' | 'verwijderd',
  van: PrincipleRef | null,
  naar: PrincipleRef | null,
  lines: readonly string[],
): PrincipleComparison {
  const regels: LineChange[] =
    soort === 'toegevoegd'
      ? lines.map((tekst, k) => ({ soort: 'ingevoegd', tekst, regelNaar: k + 1 }))
      : lines.map((tekst, k) => ({ soort: 'verwijderd', tekst, regelVan: k + 1 }));
  const telling: ChangeCounts = {
    ingevoegd: soort === 'toegevoegd' ? lines.length : 0,
    verwijderd: soort === 'verwijderd' ? lines.length : 0,
    gewijzigd: 0,
  };
  return { soort, van, naar, regels, telling };
}

function metaDiffers(a: DocumentMeta, b: DocumentMeta): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (JSON.stringify(x) !== JSON.stringify(y)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Principle matching

/**
 * For each `naar` principle, the index of the `van` principle it continues (-1 = added).
 * First by file name; then the leftovers are paired as renames/moves when their text is identical,
 * their title is the same, or most of their sentences are shared. Greedy in `naar` order, deterministic.
 */
function matchPrinciples(
  vp: readonly Principle[],
  np: readonly Principle[],
  vanLines: readonly string[][],
  naarLines: readonly string[][],
): number[] {
  const naarToVan: number[] = np.map(() => -1);
  const vanUsed: boolean[] = vp.map(() => false);
  const pair = (i: number, j: number): void => {
    naarToVan[j] = i;
    vanUsed[i] = true;
  };

  // 1. Same file name.
  const byName = queues(vp.map((p) => p.bestand));
  np.forEach((p, j) => {
    const i = byName.get(p.bestand)?.shift();
    if (i !== undefined) pair(i, j);
  });

  // 2. Identical text, then 3. same title (case- and space-insensitive).
  const passes: ((lines: readonly string[], p: Principle) => string)[] = [
    (lines) => lines.join('\n'),
    (_lines, p) => p.titel.trim().replace(/\s+/g, ' ').toLowerCase(),
  ];
  for (const keyOf of passes) {
    const vanKeys = vp.map((p, i) => (vanUsed[i] ? null : keyOf(vanLines[i] ?? [], p)));
    const q = queues(vanKeys);
    np.forEach((p, j) => {
      if (naarToVan[j] !== -1) return;
      const key = keyOf(naarLines[j] ?? [], p);
      if (key === '') return;
      const i = q.get(key)?.shift();
      if (i !== undefined) pair(i, j);
    });
  }

  // 4. A majority of their sentences in common: distinct non-blank lines below the heading
  //    (the heading was compared in pass 3).
  const distinct = (lines: readonly string[]): Set<string> =>
    new Set(lines.filter((l, k) => l.trim() !== '' && !(k === 0 && /^#\s/.test(l))));
  const vanSets = vp.map((_p, i) => (vanUsed[i] ? new Set<string>() : distinct(vanLines[i] ?? [])));
  const index = new Map<string, number[]>();
  vanSets.forEach((set, i) => {
    for (const line of set) {
      const list = index.get(line);
      if (list === undefined) index.set(line, [i]);
      else list.push(i);
    }
  });
  np.forEach((_p, j) => {
    if (naarToVan[j] !== -1) return;
    const set = distinct(naarLines[j] ?? []);
    const shared = new Map<number, number>();
    for (const line of set) {
      for (const i of index.get(line) ?? []) if (!vanUsed[i]) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    let best = -1;
    let bestCount = 0;
    for (const [i, count] of shared) {
      const size = Math.max(set.size, vanSets[i]?.size ?? 0);
      if (count * 2 <= size) continue;
      if (count > bestCount || (count === bestCount && i < best)) {
        best = i;
        bestCount = count;
      }
    }
    if (best >= 0) pair(best, j);
  });
  return naarToVan;
}

/** key -> indices (ascending) of the items with that key; null keys are skipped. */
function queues(keys: readonly (string | null)[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === null) return;
    const list = m.get(k);
    if (list === undefined) m.set(k, [i]);
    else list.push(i);
  });
  return m;
}

// ---------------------------------------------------------------------------------------------------
// Line diff with sentence pairing

/** A stretch of the line diff: unchanged lines, or a change block (van[ra, rb) removed, naar[aa, ab) added). */
type Segment =
  | { kind: 'gelijk'; va: number; na: number; count: number }
  | { kind: 'blok'; ra: number; rb: number; aa: number; ab: number };

function segmentsOf(runs: readonly EditRun[]): Segment[] {
  const out: Segment[] = [];
  let pa = 0;
  let pb = 0;
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    if (run === undefined) continue;
    if (run.kind === 'gelijk') {
      out.push({ kind: 'gelijk', va: pa, na: pb, count: run.count });
      pa += run.count;
      pb += run.count;
      continue;
    }
    // A removed run, optionally followed by an added run (diffSequences puts removals first).
    let nRemoved = 0;
    let nAdded = 0;
    if (run.kind === 'verwijderd') {
      nRemoved = run.count;
      const next = runs[k + 1];
      if (next !== undefined && next.kind === 'ingevoegd') {
        nAdded = next.count;
        k++;
      }
    } else {
      nAdded = run.count;
    }
    out.push({ kind: 'blok', ra: pa, rb: pa + nRemoved, aa: pb, ab: pb + nAdded });
    pa += nRemoved;
    pb += nAdded;
  }
  return out;
}

const BLANK_LINE = /^[ \t]*$/;

function allBlank(lines: readonly string[], start: number, count: number): boolean {
  for (let k = start; k < start + count; k++) if (!BLANK_LINE.test(lines[k] ?? '')) return false;
  return true;
}

/**
 * The line diff, with changed sentences paired. A change region is one change block of the line diff,
 * extended over the following blocks as long as only blank unchanged lines separate them (a paragraph
 * break): an edited sentence often lands in the block before a paragraph break and its new text in the
 * block after it, because the line diff matched the blank line. Inside a region, lines are aligned
 * again (alignLines): similar sentences become `gewijzigd`, identical lines (those blank lines) stay
 * `gelijk` where that does not stand in the way of a pair. A region is capped at MAX_PAIRING_CELLS
 * removed×added lines; past that the blocks are aligned one by one.
 */
function compareLines(van: readonly string[], naar: readonly string[], budget: DiffBudget): TextComparison {
  const regels: LineChange[] = [];
  const telling: ChangeCounts = { ingevoegd: 0, verwijderd: 0, gewijzigd: 0 };
  const d = diffSequences(van, naar, budget);
  let afgebroken = d.gaveUp;
  const bags = new BagMaker();

  const removed = (i: number): void => {
    regels.push({ soort: 'verwijderd', tekst: van[i] ?? '', regelVan: i + 1 });
    telling.verwijderd++;
  };
  const added = (j: number): void => {
    regels.push({ soort: 'ingevoegd', tekst: naar[j] ?? '', regelNaar: j + 1 });
    telling.ingevoegd++;
  };
  const same = (i: number, j: number): void => {
    regels.push({ soort: 'gelijk', tekst: van[i] ?? '', regelVan: i + 1, regelNaar: j + 1 });
  };
  // A region: van[ra, rb) and naar[aa, ab), aligned by `matches` (offsets into the region).
  const region = (ra: number, rb: number, aa: number, ab: number, matches: readonly LineMatch[]): void => {
    let i = ra;
    let j = aa;
    for (const m of matches) {
      const pi = ra + m.i;
      const pj = aa + m.j;
      for (; i < pi; i++) removed(i);
      for (; j < pj; j++) added(j);
      if (m.gelijk) same(pi, pj);
      else {
        const a = van[pi] ?? '';
        const b = naar[pj] ?? '';
        const woorden = wordDiffWithin(a, b, budget);
        if (woorden === null) afgebroken = true;
        regels.push({ soort: 'gewijzigd', van: a, naar: b, regelVan: pi + 1, regelNaar: pj + 1, woorden });
        telling.gewijzigd++;
      }
      i = pi + 1;
      j = pj + 1;
    }
    for (; i < rb; i++) removed(i);
    for (; j < ab; j++) added(j);
  };

  const segments = segmentsOf(d.runs);
  let k = 0;
  while (k < segments.length) {
    const seg = segments[k];
    k++;
    if (seg === undefined) continue;
    if (seg.kind === 'gelijk') {
      for (let n = 0; n < seg.count; n++) same(seg.va + n, seg.na + n);
      continue;
    }
    let rb = seg.rb;
    let ab = seg.ab;
    // When the line diff gave up there is one block, shown as removed + added: nothing to extend.
    while (!d.gaveUp) {
      const gap = segments[k];
      const next = segments[k + 1];
      if (gap?.kind !== 'gelijk' || next?.kind !== 'blok' || !allBlank(van, gap.va, gap.count)) break;
      if ((next.rb - seg.ra) * (next.ab - seg.aa) > MAX_PAIRING_CELLS) break;
      rb = next.rb;
      ab = next.ab;
      k += 2;
    }
    const matches = d.gaveUp ? [] : alignLines(van.slice(seg.ra, rb), naar.slice(seg.aa, ab), bags);
    region(seg.ra, rb, seg.aa, ab, matches);
  }
  return { regels, telling, afgebroken };
}

/**
 * What a line is before its words: indentation, block quote markers and a list marker. A list item's
 * number is left out of the similarity, so that "3. Zo" and "4. Zo" (a renumbered item) are the same
 * sentence and "2. Dit" and "2. Dat" are not.
 */
const LINE_PREFIX = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]+|$))?/;
/** Words for similarity: runs of letters and digits (a URL counts by its parts, as readers see it). */
const BAG_WORD = /[\p{L}\p{N}]+/gu;

/** Word bags as sorted arrays of interned word ids (duplicates kept), for a cheap multiset overlap. */
class BagMaker {
  private readonly ids = new Map<string, number>();
  bag(line: string): Int32Array {
    const words = line.replace(LINE_PREFIX, '').toLowerCase().match(BAG_WORD);
    if (words === null) return new Int32Array(0);
    const out = new Int32Array(words.length);
    for (let k = 0; k < words.length; k++) {
      const w = words[k] ?? '';
      let id = this.ids.get(w);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(w, id);
      }
      out[k] = id;
    }
    return out.sort();
  }
}

/** Dice coefficient of two word bags (sorted id arrays); 0 when either has no words. */
function similarity(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    const p = a[x] ?? 0;
    const q = b[y] ?? 0;
    if (p === q) {
      common++;
      x++;
      y++;
    } else if (p < q) x++;
    else y++;
  }
  return (2 * common) / (a.length + b.length);
}

/** One aligned pair of a region: offsets into its removed and added lines; `gelijk` for identical lines. */
interface LineMatch {
  i: number;
  j: number;
  gelijk: boolean;
}

/** Weight of keeping an identical blank line aligned: far below any sentence pair, so a pair always wins. */
const BLANK_WEIGHT = 1e-3;

/**
 * An order-preserving alignment of a region's old and new lines: similar sentences (word similarity at
 * least PAIRING_THRESHOLD) are paired, identical lines are kept equal.
 * Small regions: the alignment with the largest total weight (LCS-style dynamic programme; a pair
 * weighs its similarity, an identical line 1, an identical blank line almost nothing).
 * Large ones (a single block past MAX_PAIRING_CELLS): greedy, each old line takes the most similar of
 * the next few new ones, so the cost stays linear in the block size.
 */
function alignLines(removed: readonly string[], added: readonly string[], bags: BagMaker): LineMatch[] {
  const R = removed.length;
  const A = added.length;
  if (R === 0 || A === 0) return [];
  const rBags = removed.map((l) => bags.bag(l));
  const aBags = added.map((l) => bags.bag(l));
  // > 0 when old line i and new line j may be aligned; the sign of `gelijk` is kept apart.
  const weight = (i: number, j: number): number => {
    const x = removed[i] ?? '';
    const y = added[j] ?? '';
    if (x === y) return BLANK_LINE.test(x) ? BLANK_WEIGHT : 1;
    const s = similarity(rBags[i] ?? new Int32Array(0), aBags[j] ?? new Int32Array(0));
    return s >= PAIRING_THRESHOLD ? s : 0;
  };
  const match = (i: number, j: number): LineMatch => ({ i, j, gelijk: removed[i] === added[j] });
  const matches: LineMatch[] = [];

  if (R * A > MAX_PAIRING_CELLS) {
    let j0 = 0;
    for (let i = 0; i < R && j0 < A; i++) {
      let best = -1;
      let bestWeight = 0;
      for (let j = j0; j < A && j < j0 + PAIRING_WINDOW; j++) {
        const w = weight(i, j);
        if (w > bestWeight) {
          best = j;
          bestWeight = w;
        }
      }
      if (best >= 0) {
        matches.push(match(i, best));
        j0 = best + 1;
      }
    }
    return matches;
  }

  const W = A + 1;
  const score = new Float64Array((R + 1) * W);
  const weights = new Float64Array(R * A);
  for (let i = 1; i <= R; i++) {
    for (let j = 1; j <= A; j++) {
      const w = weight(i - 1, j - 1);
      weights[(i - 1) * A + (j - 1)] = w;
      let v = Math.max(score[(i - 1) * W + j] ?? 0, score[i * W + j - 1] ?? 0);
      if (w > 0) v = Math.max(v, (score[(i - 1) * W + j - 1] ?? 0) + w);
      score[i * W + j] = v;
    }
  }
  const rev: LineMatch[] = [];
  let i = R;
  let j = A;
  while (i > 0 && j > 0) {
    const here = score[i * W + j] ?? 0;
    const w = weights[(i - 1) * A + (j - 1)] ?? 0;
    if (w > 0 && here === (score[(i - 1) * W + j - 1] ?? 0) + w) {
      rev.push(match(i - 1, j - 1));
      i--;
      j--;
    } else if (here === (score[(i - 1) * W + j] ?? 0)) i--;
    else j--;
  }
  for (let k = rev.length - 1; k >= 0; k--) {
    const m = rev[k];
    if (m !== undefined) matches.push(m);
  }
  return matches;
}
