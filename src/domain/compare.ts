/**
 * The comparison model: what changed between two versions of a document, per principle, per sentence
 * line and per word inside changed sentences. One model feeds the web page, the JSON API and the
 * adoption document (Word tracked changes). Pure functions, no I/O (the clock is read for the deadline).
 *
 * Steps: match principles (by file name, then renames by content); diff each principle by line
 * (= sentence, texts are stored one sentence per line); inside each run of removed+added lines pair
 * similar sentences and word-diff only those pairs. Every jsdiff call is bounded (see wordDiff.ts); when
 * a bound is hit the result falls back to a coarser form and `afgebroken` is set.
 */
import type { DocumentMeta, DocumentText, Principle } from './documentModel.js';
import {
  createBudget,
  diffSequences,
  tokenizeWords,
  wordDiffWithin,
  type CompareOptions,
  type DiffBudget,
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

/** Minimal word-bag similarity (Dice coefficient) for two sentences to be shown as one changed sentence. */
export const PAIRING_THRESHOLD = 0.5;
/** Hunks up to this many removed×added cells are paired optimally; larger ones greedily in a window. */
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

function compareLines(van: readonly string[], naar: readonly string[], budget: DiffBudget): TextComparison {
  const regels: LineChange[] = [];
  const telling: ChangeCounts = { ingevoegd: 0, verwijderd: 0, gewijzigd: 0 };
  const d = diffSequences(van, naar, budget);
  let afgebroken = d.gaveUp;
  let pa = 0;
  let pb = 0;
  const removed = (i: number): void => {
    regels.push({ soort: 'verwijderd', tekst: van[i] ?? '', regelVan: i + 1 });
    telling.verwijderd++;
  };
  const added = (j: number): void => {
    regels.push({ soort: 'ingevoegd', tekst: naar[j] ?? '', regelNaar: j + 1 });
    telling.ingevoegd++;
  };
  // A hunk: van[ra, rb) removed and naar[aa, ab) added.
  const hunk = (ra: number, rb: number, aa: number, ab: number): void => {
    const pairs = d.gaveUp ? [] : pairSentences(van.slice(ra, rb), naar.slice(aa, ab));
    let i = ra;
    let j = aa;
    for (let k = 0; k < pairs.length; k += 2) {
      const pi = ra + (pairs[k] ?? 0);
      const pj = aa + (pairs[k + 1] ?? 0);
      for (; i < pi; i++) removed(i);
      for (; j < pj; j++) added(j);
      const a = van[pi] ?? '';
      const b = naar[pj] ?? '';
      const woorden = wordDiffWithin(a, b, budget);
      if (woorden === null) afgebroken = true;
      regels.push({ soort: 'gewijzigd', van: a, naar: b, regelVan: pi + 1, regelNaar: pj + 1, woorden });
      telling.gewijzigd++;
      i = pi + 1;
      j = pj + 1;
    }
    for (; i < rb; i++) removed(i);
    for (; j < ab; j++) added(j);
  };

  const runs = d.runs;
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    if (run === undefined) continue;
    if (run.kind === 'gelijk') {
      for (let n = 0; n < run.count; n++) {
        regels.push({ soort: 'gelijk', tekst: van[pa + n] ?? '', regelVan: pa + n + 1, regelNaar: pb + n + 1 });
      }
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
    hunk(pa, pa + nRemoved, pb, pb + nAdded);
    pa += nRemoved;
    pb += nAdded;
  }
  return { regels, telling, afgebroken };
}

interface WordBag {
  counts: Map<string, number>;
  size: number;
}

function wordBag(line: string): WordBag {
  const counts = new Map<string, number>();
  let size = 0;
  for (const t of tokenizeWords(line)) {
    if (!/[\p{L}\p{N}]/u.test(t)) continue;
    const w = t.toLowerCase();
    counts.set(w, (counts.get(w) ?? 0) + 1);
    size++;
  }
  return { counts, size };
}

/** Dice coefficient of two word bags; 0 when either has no words. */
function similarity(a: WordBag, b: WordBag): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let common = 0;
  for (const [w, n] of small.counts) common += Math.min(n, large.counts.get(w) ?? 0);
  return (2 * common) / (a.size + b.size);
}

/**
 * Which removed and added sentences of one hunk are the same sentence, changed: an order-preserving
 * pairing of similar sentences (flattened: i0, j0, i1, j1, ... as offsets into the hunk).
 * Small hunks: the pairing with the largest total similarity (LCS-style dynamic programme).
 * Large hunks: greedy, each removed sentence takes the most similar of the next few added ones,
 * so the cost stays linear in the hunk size.
 */
function pairSentences(removed: readonly string[], added: readonly string[]): number[] {
  const R = removed.length;
  const A = added.length;
  if (R === 0 || A === 0) return [];
  const rBags = removed.map(wordBag);
  const aBags = added.map(wordBag);
  const sim = (i: number, j: number): number => {
    const x = rBags[i];
    const y = aBags[j];
    return x === undefined || y === undefined ? 0 : similarity(x, y);
  };
  const pairs: number[] = [];

  if (R * A > MAX_PAIRING_CELLS) {
    let j0 = 0;
    for (let i = 0; i < R && j0 < A; i++) {
      let best = -1;
      let bestSim = PAIRING_THRESHOLD;
      for (let j = j0; j < A && j < j0 + PAIRING_WINDOW; j++) {
        const s = sim(i, j);
        if (s >= bestSim && (best < 0 || s > bestSim)) {
          best = j;
          bestSim = s;
        }
      }
      if (best >= 0) {
        pairs.push(i, best);
        j0 = best + 1;
      }
    }
    return pairs;
  }

  const W = A + 1;
  const score = new Float64Array((R + 1) * W);
  const simAt = new Float64Array(R * A);
  for (let i = 1; i <= R; i++) {
    for (let j = 1; j <= A; j++) {
      const s = sim(i - 1, j - 1);
      simAt[(i - 1) * A + (j - 1)] = s;
      let v = Math.max(score[(i - 1) * W + j] ?? 0, score[i * W + j - 1] ?? 0);
      if (s >= PAIRING_THRESHOLD) v = Math.max(v, (score[(i - 1) * W + j - 1] ?? 0) + s);
      score[i * W + j] = v;
    }
  }
  const rev: number[] = [];
  let i = R;
  let j = A;
  while (i > 0 && j > 0) {
    const here = score[i * W + j] ?? 0;
    const s = simAt[(i - 1) * A + (j - 1)] ?? 0;
    if (s >= PAIRING_THRESHOLD && here === (score[(i - 1) * W + j - 1] ?? 0) + s) {
      rev.push(j - 1, i - 1);
      i--;
      j--;
    } else if (here === (score[(i - 1) * W + j] ?? 0)) i--;
    else j--;
  }
  for (let k = rev.length - 1; k >= 0; k--) pairs.push(rev[k] ?? 0);
  return pairs;
}
