/**
 * Three-way merge of document trees, per file and per line (= per sentence, texts are stored one
 * sentence per line). Pure functions, no I/O.
 *
 * Why not node-diff3: the repository must agree with git. Whether two edits conflict depends on
 * where the line diff puts its hunks (a deletion of one of two equal lines can sit on either;
 * touching hunks conflict), and node-diff3's LCS places them differently from git in about 1% of
 * random small-vocabulary cases (measured against `git merge-file`). So this module carries a
 * faithful port of git's xdiff: the Myers diff with its record preparation (xprepare.c), hunk
 * compaction (xdiffi.c, no indent heuristic, as `git merge-file` runs it) and the merge loop of
 * xmerge.c. The tests compare it with `git merge-file` on fixtures and random edits.
 *
 * Merge level: a conflict region whose two sides end up identical is resolved, like git's
 * default ("zealous") merge level used by `git merge-file` and `git merge`; otherwise a region is
 * reported with its base, current-draft and amendment lines, as `git merge-file --diff3` shows it.
 *
 * One deliberate difference: git, made for code, also conflicts when the two sides' hunks merely
 * touch (one side changed line 3, the other line 4). Here a line is a sentence, and two amendments to
 * neighbouring sentences are independent, so such a region is merged when the two sides' hunks cover
 * different base lines (`mergeAdjacent`); changes to the same sentence, and two insertions at one place
 * (whose order would be a guess), still conflict. Everywhere git merges cleanly, the result is git's.
 *
 * Note: `git merge` / `git merge-tree` (merge-ort) diff with the histogram algorithm by default,
 * `git merge-file` with Myers. The two pick the same hunks for texts whose lines are (nearly) all
 * distinct, as sentence-per-line texts are; they can differ on texts with many repeated lines.
 *
 * Lines are compared byte-exactly including their terminator, as git does: a last line without a
 * final newline differs from the same line with one, and the merged text keeps each side's ending.
 */

export type FileSet = ReadonlyMap<string, string>;

export interface SentenceConflict {
  bestand: string;
  /**
   * 1-based line in the base file where the conflicting region starts (for display/anchoring).
   * For a region that is empty in the base (both sides inserted at the same place), the line
   * before which they inserted (the base's line count + 1 at the end of the file).
   */
  regelBasis: number;
  /** The region's lines in the base (without line terminators). */
  basis: string[];
  /** The same region in the current draft ("ours", main). */
  concept: string[];
  /** The same region in the amendment ("theirs"). */
  amendement: string[];
}

export type FileConflict = {
  bestand: string;
  soort: 'verwijderd-en-gewijzigd' | 'beide-toegevoegd';
  concept: string | null;
  amendement: string | null;
  basis: string | null;
};

export type MergeResult =
  | { ok: true; files: Map<string, string> }
  | { ok: false; conflicts: SentenceConflict[]; fileConflicts: FileConflict[] };

export type TextConflict = Omit<SentenceConflict, 'bestand'>;

/** A hunk of a line diff: `fromCount` lines at `from` (0-based) replaced by `toCount` lines at `to`. */
export interface LineHunk {
  from: number;
  fromCount: number;
  to: number;
  toCount: number;
}

// ---------------------------------------------------------------------------------------------------
// Public API

/**
 * Merges three trees (path -> content). Files present in all three are merged by line; a file
 * changed (or added) on one side only takes that side; deleted on one side and unchanged on the
 * other is deleted; deleted on one side and changed on the other, or added differently on both
 * sides, is a file conflict.
 */
export function mergeFileSets(base: FileSet, ours: FileSet, theirs: FileSet): MergeResult {
  const paths = [...new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])].sort();
  const files = new Map<string, string>();
  const conflicts: SentenceConflict[] = [];
  const fileConflicts: FileConflict[] = [];
  for (const bestand of paths) {
    const b = base.get(bestand);
    const o = ours.get(bestand);
    const t = theirs.get(bestand);
    if (b === undefined) {
      if (o !== undefined && t !== undefined && o !== t) {
        fileConflicts.push({ bestand, soort: 'beide-toegevoegd', concept: o, amendement: t, basis: null });
      } else {
        const added = o ?? t;
        if (added !== undefined) files.set(bestand, added);
      }
      continue;
    }
    if (o === undefined && t === undefined) continue;
    if (o === undefined || t === undefined) {
      const kept = o ?? t ?? '';
      if (kept !== b) {
        fileConflicts.push({ bestand, soort: 'verwijderd-en-gewijzigd', concept: o ?? null, amendement: t ?? null, basis: b });
      }
      continue;
    }
    const merged = mergeText(b, o, t);
    if (merged.ok) files.set(bestand, merged.text);
    else for (const c of merged.conflicts) conflicts.push({ bestand, ...c });
  }
  if (conflicts.length > 0 || fileConflicts.length > 0) return { ok: false, conflicts, fileConflicts };
  return { ok: true, files };
}

export interface MergeOptions {
  /**
   * Merge changes to different but adjacent lines (sentences), where git reports a conflict (default
   * true). False gives exactly `git merge-file`; the service always merges with the default.
   */
  adjacentSentences?: boolean;
}

/** Line-based three-way merge of one text, as `git merge-file` does it (but see `MergeOptions`). */
export function mergeText(
  base: string,
  ours: string,
  theirs: string,
  opts: MergeOptions = {},
): { ok: true; text: string } | { ok: false; conflicts: TextConflict[] } {
  const r = merge3(base, ours, theirs, opts.adjacentSentences ?? true);
  return r.conflicts.length === 0 ? { ok: true, text: r.text } : { ok: false, conflicts: r.conflicts };
}

/**
 * The merged text without conflict markers, for the proposer to resolve by editing: each conflict
 * region is written as the amendment's ("theirs") lines, and `conflicts` tells which regions to
 * review. Without conflicts, `text` equals `mergeText`'s text.
 */
export function mergeTextPreferTheirs(base: string, ours: string, theirs: string): { text: string; conflicts: TextConflict[] } {
  return merge3(base, ours, theirs);
}

/** The lines of a text, each with its terminator; a last line without a final newline has none. */
export function splitRecords(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      out.push(text.slice(start));
      break;
    }
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  return out;
}

/** The hunks of git's line diff (Myers, compacted) from one list of lines to another, in order. */
export function diffLineHunks(from: readonly string[], to: readonly string[]): LineHunk[] {
  return xdiff(from, to).map((h) => ({ from: h.i1, fromCount: h.chg1, to: h.i2, toCount: h.chg2 }));
}

// ---------------------------------------------------------------------------------------------------
// The merge (xmerge.c)

const MODE_CONFLICT = 0;
const MODE_OURS = 1;
const MODE_THEIRS = 2;
/** A conflict whose two sides turned out identical (git's zealous level): taken from ours. */
const MODE_RESOLVED = 4;
/** A region git reports as a conflict where the two sides changed different, adjacent sentences: both applied. */
const MODE_ADJACENT = 8;

interface MergeEntry {
  mode: number;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
  /** For MODE_ADJACENT: the region's merged records. */
  merged?: string[];
}

function merge3(baseText: string, oursText: string, theirsText: string, adjacentSentences = true): { text: string; conflicts: TextConflict[] } {
  const base = splitRecords(baseText);
  const ours = splitRecords(oursText);
  const theirs = splitRecords(theirsText);
  const xscr1 = xdiff(base, ours);
  const xscr2 = xdiff(base, theirs);
  // As in xdl_merge: a side that did not change the base yields the other side verbatim.
  if (xscr1.length === 0) return { text: theirsText, conflicts: [] };
  if (xscr2.length === 0) return { text: oursText, conflicts: [] };

  const entries = mergeEntries(xscr1, xscr2, ours, theirs, base.length, ours.length, theirs.length);
  // Zealous level: a conflict whose sides are equal (and not empty) is no conflict.
  for (const m of entries) {
    if (m.mode !== MODE_CONFLICT || m.chg1 === 0 || m.chg2 === 0) continue;
    if (sameRecords(ours, m.i1, theirs, m.i2, m.chg1, m.chg2)) m.mode = MODE_RESOLVED;
  }
  // Sentences, not lines of code: changes to different sentences that merely touch merge cleanly.
  for (const m of entries) {
    if (!adjacentSentences || m.mode !== MODE_CONFLICT) continue;
    const merged = mergeAdjacent(m, xscr1, xscr2, base, ours, theirs);
    if (merged !== null) {
      m.mode = MODE_ADJACENT;
      m.merged = merged;
    }
  }

  // xdl_fill_merge_buffer, with each conflict written as theirs.
  const out: string[] = [];
  const copy = (recs: readonly string[], from: number, count: number): void => {
    for (let k = 0; k < count; k++) out.push(recs[from + k] ?? '');
  };
  const conflicts: TextConflict[] = [];
  let i = 0;
  for (const m of entries) {
    if (m.mode === MODE_CONFLICT) {
      copy(ours, i, m.i1 - i);
      copy(theirs, m.i2, m.chg2);
      conflicts.push({
        regelBasis: m.i0 + 1,
        basis: lines(base, m.i0, m.chg0),
        concept: lines(ours, m.i1, m.chg1),
        amendement: lines(theirs, m.i2, m.chg2),
      });
    } else if (m.mode === MODE_OURS) {
      copy(ours, i, m.i1 + m.chg1 - i);
    } else if (m.mode === MODE_THEIRS) {
      copy(theirs, m.i2 - m.i1 + i, m.i1 + m.chg2 - i);
    } else if (m.mode === MODE_ADJACENT) {
      copy(ours, i, m.i1 - i);
      out.push(...(m.merged ?? []));
    } else {
      continue;
    }
    i = m.i1 + m.chg1;
  }
  copy(ours, i, ours.length - i);
  return { text: out.join(''), conflicts };
}

/**
 * A conflict region that git reports only because the two sides' hunks touch: each side changed other
 * sentences of the base (their base ranges do not overlap), so both changes apply, in base order.
 * Still a conflict (null): overlapping ranges, and both sides inserting at the same place (the order of
 * the two insertions would be a guess). Outside such regions the merge is git's, line for line.
 */
function mergeAdjacent(
  m: MergeEntry,
  scr1: readonly Change[],
  scr2: readonly Change[],
  base: readonly string[],
  ours: readonly string[],
  theirs: readonly string[],
): string[] | null {
  const from = m.i0;
  const to = m.i0 + m.chg0;
  const inside = (x: Change): boolean => x.i1 >= from && x.i1 + x.chg1 <= to;
  const hunks = [
    ...scr1.filter(inside).map((x) => ({ start: x.i1, end: x.i1 + x.chg1, recs: ours.slice(x.i2, x.i2 + x.chg2) })),
    ...scr2.filter(inside).map((x) => ({ start: x.i1, end: x.i1 + x.chg1, recs: theirs.slice(x.i2, x.i2 + x.chg2) })),
  ];
  // Insertions before changes at the same base line; then by start.
  hunks.sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  for (let k = 1; k < hunks.length; k++) {
    const a = hunks[k - 1];
    const b = hunks[k];
    if (a === undefined || b === undefined) return null;
    if (b.start < a.end) return null; // overlapping base lines
    if (a.start === b.start && a.end === a.start && b.end === b.start) return null; // two insertions at one place
  }
  const out: string[] = [];
  let at = from;
  for (const h of hunks) {
    for (; at < h.start; at++) out.push(base[at] ?? '');
    out.push(...h.recs);
    at = h.end;
  }
  for (; at < to; at++) out.push(base[at] ?? '');
  return out;
}

function sameRecords(a: readonly string[], ia: number, b: readonly string[], ib: number, na: number, nb: number): boolean {
  if (na !== nb) return false;
  for (let k = 0; k < na; k++) if (a[ia + k] !== b[ib + k]) return false;
  return true;
}

function lines(recs: readonly string[], from: number, count: number): string[] {
  return recs.slice(from, from + count).map((r) => (r.endsWith('\n') ? r.slice(0, -1) : r));
}

/**
 * xdl_do_merge at the "eager" level: walks both change scripts (base -> ours, base -> theirs) and
 * records which side each region takes. Hunks that overlap or touch (one ends where the other
 * starts) conflict unless they are identical; touching conflict regions are joined.
 */
function mergeEntries(
  scr1: readonly Change[],
  scr2: readonly Change[],
  ours: readonly string[],
  theirs: readonly string[],
  nBase: number,
  nOurs: number,
  nTheirs: number,
): MergeEntry[] {
  const list: MergeEntry[] = [];
  const append = (mode: number, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number): void => {
    const m = list[list.length - 1];
    if (m !== undefined && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
      if (mode !== m.mode) m.mode = MODE_CONFLICT;
      m.chg0 = i0 + chg0 - m.i0;
      m.chg1 = i1 + chg1 - m.i1;
      m.chg2 = i2 + chg2 - m.i2;
    } else {
      list.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
    }
  };

  let p1 = 0;
  let p2 = 0;
  for (;;) {
    const x1 = scr1[p1];
    const x2 = scr2[p2];
    if (x1 === undefined || x2 === undefined) break;
    if (x1.i1 + x1.chg1 < x2.i1) {
      append(MODE_OURS, x1.i1, x1.chg1, x1.i2, x1.chg2, x2.i2 - x2.i1 + x1.i1, x1.chg1);
      p1++;
      continue;
    }
    if (x2.i1 + x2.chg1 < x1.i1) {
      append(MODE_THEIRS, x2.i1, x2.chg1, x1.i2 - x1.i1 + x2.i1, x2.chg1, x2.i2, x2.chg2);
      p2++;
      continue;
    }
    if (
      x1.i1 !== x2.i1 ||
      x1.chg1 !== x2.chg1 ||
      x1.chg2 !== x2.chg2 ||
      !sameRecords(ours, x1.i2, theirs, x2.i2, x1.chg2, x2.chg2)
    ) {
      const off = x1.i1 - x2.i1;
      const ffo = off + x1.chg1 - x2.chg1;
      let i0 = x1.i1;
      let i1 = x1.i2;
      let i2 = x2.i2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let chg0 = x1.i1 + x1.chg1 - i0;
      let chg1 = x1.i2 + x1.chg2 - i1;
      let chg2 = x2.i2 + x2.chg2 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else {
        chg2 += ffo;
      }
      append(MODE_CONFLICT, i0, chg0, i1, chg1, i2, chg2);
    }
    const end1 = x1.i1 + x1.chg1;
    const end2 = x2.i1 + x2.chg1;
    if (end1 >= end2) p2++;
    if (end2 >= end1) p1++;
  }
  for (let x1 = scr1[p1]; x1 !== undefined; x1 = scr1[++p1]) {
    append(MODE_OURS, x1.i1, x1.chg1, x1.i2, x1.chg2, x1.i1 + nTheirs - nBase, x1.chg1);
  }
  for (let x2 = scr2[p2]; x2 !== undefined; x2 = scr2[++p2]) {
    append(MODE_THEIRS, x2.i1, x2.chg1, x2.i1 + nOurs - nBase, x2.chg1, x2.i2, x2.chg2);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------
// The line diff (xprepare.c, xdiffi.c): Myers with git's preparation and compaction

/** One change of an edit script: `chg1` records at `i1` of file 1 replaced by `chg2` at `i2` of file 2. */
interface Change {
  i1: number;
  i2: number;
  chg1: number;
  chg2: number;
}

interface DiffFile {
  nrec: number;
  /** Equivalence class of each record (equal text = equal class). */
  ha: Int32Array;
  /** `changed[i + 1]` for record i; the slots for -1 and nrec are zero sentinels. */
  changed: Uint8Array;
  /** Records that take part in the Myers run, and their classes. */
  rindex: Int32Array;
  rha: Int32Array;
  nreff: number;
  dstart: number;
  dend: number;
}

const XDL_MAX_COST_MIN = 256;
const XDL_HEUR_MIN_COST = 256;
const XDL_LINE_MAX = Number.MAX_SAFE_INTEGER;
const XDL_SNAKE_CNT = 20;
const XDL_K_HEUR = 4;
const XDL_KPDIS_RUN = 4;
const XDL_MAX_EQLIMIT = 1024;
const XDL_SIMSCAN_WINDOW = 100;

/** xdl_bogosqrt: a power of two near the square root. */
function bogosqrt(n: number): number {
  let i = 1;
  for (let k = n; k > 0; k = Math.floor(k / 4)) i *= 2;
  return i;
}

function xdiff(a: readonly string[], b: readonly string[]): Change[] {
  const [xdf1, xdf2] = prepareEnv(a, b);
  recsCmpTop(xdf1, xdf2);
  changeCompact(xdf1, xdf2);
  changeCompact(xdf2, xdf1);
  return buildScript(xdf1, xdf2);
}

function newFile(nrec: number): DiffFile {
  return {
    nrec,
    ha: new Int32Array(nrec),
    changed: new Uint8Array(nrec + 2),
    rindex: new Int32Array(nrec + 1),
    rha: new Int32Array(nrec + 1),
    nreff: 0,
    dstart: 0,
    dend: nrec - 1,
  };
}

function prepareEnv(a: readonly string[], b: readonly string[]): [DiffFile, DiffFile] {
  const classes = new Map<string, number>();
  const count1: number[] = [];
  const count2: number[] = [];
  const classify = (recs: readonly string[], counts: number[], other: number[]): DiffFile => {
    const f = newFile(recs.length);
    recs.forEach((r, i) => {
      let c = classes.get(r);
      if (c === undefined) {
        c = classes.size;
        classes.set(r, c);
        counts.push(0);
        other.push(0);
      }
      counts[c] = (counts[c] ?? 0) + 1;
      f.ha[i] = c;
    });
    return f;
  };
  const xdf1 = classify(a, count1, count2);
  const xdf2 = classify(b, count2, count1);
  trimEnds(xdf1, xdf2);
  cleanupRecords(xdf1, xdf2, count1, count2);
  return [xdf1, xdf2];
}

/** xdl_trim_ends: common leading and trailing records take no part in the diff. */
function trimEnds(xdf1: DiffFile, xdf2: DiffFile): void {
  const lim = Math.min(xdf1.nrec, xdf2.nrec);
  let i = 0;
  while (i < lim && xdf1.ha[i] === xdf2.ha[i]) i++;
  xdf1.dstart = xdf2.dstart = i;
  const rest = lim - i;
  let j = 0;
  while (j < rest && xdf1.ha[xdf1.nrec - 1 - j] === xdf2.ha[xdf2.nrec - 1 - j]) j++;
  xdf1.dend = xdf1.nrec - j - 1;
  xdf2.dend = xdf2.nrec - j - 1;
}

/**
 * xdl_cleanup_records: records without a match in the other file are changed for sure and left
 * out of the Myers run; records with very many matches are left out too when they sit in a run
 * of such records.
 */
function cleanupRecords(xdf1: DiffFile, xdf2: DiffFile, count1: readonly number[], count2: readonly number[]): void {
  const pass = (xdf: DiffFile, otherCounts: readonly number[]): void => {
    const mlim = Math.min(bogosqrt(xdf.nrec), XDL_MAX_EQLIMIT);
    const dis = new Uint8Array(xdf.nrec + 1);
    for (let i = xdf.dstart; i <= xdf.dend; i++) {
      const nm = otherCounts[xdf.ha[i] ?? 0] ?? 0;
      dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    let nreff = 0;
    for (let i = xdf.dstart; i <= xdf.dend; i++) {
      const d = dis[i];
      if (d === 1 || (d === 2 && !cleanMmatch(dis, i, xdf.dstart, xdf.dend))) {
        xdf.rindex[nreff] = i;
        xdf.rha[nreff] = xdf.ha[i] ?? 0;
        nreff++;
      } else {
        xdf.changed[i + 1] = 1;
      }
    }
    xdf.nreff = nreff;
  };
  // Both classifications are computed before either file is reduced (as in git).
  pass(xdf1, count2);
  pass(xdf2, count1);
}

/** xdl_clean_mmatch: discard a multi-match record only in the middle of a run of unmatched ones. */
function cleanMmatch(dis: Uint8Array, i: number, s0: number, e0: number): boolean {
  let s = s0;
  let e = e0;
  if (i - s > XDL_SIMSCAN_WINDOW) s = i - XDL_SIMSCAN_WINDOW;
  if (e - i > XDL_SIMSCAN_WINDOW) e = i + XDL_SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    const d = dis[i - r];
    if (d === 0) rdis0++;
    else if (d === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    const d = dis[i + r];
    if (d === 0) rdis1++;
    else if (d === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * XDL_KPDIS_RUN < rpdis1 + rdis1;
}

interface AlgoEnv {
  mxcost: number;
  snakeCnt: number;
  heurMin: number;
}

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/** xdl_do_diff (Myers part): divide and conquer over the reduced records, with an explicit stack. */
function recsCmpTop(xdf1: DiffFile, xdf2: DiffFile): void {
  const ndiags = xdf1.nreff + xdf2.nreff + 3;
  const kv = new Float64Array(2 * ndiags + 2);
  const fo = xdf2.nreff + 1;
  const bo = ndiags + xdf2.nreff + 1;
  const env: AlgoEnv = {
    mxcost: Math.max(bogosqrt(ndiags), XDL_MAX_COST_MIN),
    snakeCnt: XDL_SNAKE_CNT,
    heurMin: XDL_HEUR_MIN_COST,
  };
  const ha1 = xdf1.rha;
  const ha2 = xdf2.rha;
  // The order in which boxes are processed does not matter: each only marks its own records.
  const stack: [number, number, number, number, boolean][] = [[0, xdf1.nreff, 0, xdf2.nreff, false]];
  for (let box = stack.pop(); box !== undefined; box = stack.pop()) {
    let [off1, lim1, off2, lim2] = box;
    const needMin = box[4];
    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) xdf2.changed[(xdf2.rindex[off2] ?? 0) + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) xdf1.changed[(xdf1.rindex[off1] ?? 0) + 1] = 1;
    } else {
      const spl = split(ha1, off1, lim1, ha2, off2, lim2, kv, fo, bo, needMin, env);
      stack.push([spl.i1, lim1, spl.i2, lim2, spl.minHi]);
      stack.push([off1, spl.i1, off2, spl.i2, spl.minLo]);
    }
  }
}

/**
 * xdl_split: the middle snake of the box (off1, off2)-(lim1, lim2), searched from both ends
 * ("An O(ND) Difference Algorithm and its Variations", Myers), with git's cut-offs for costly boxes.
 */
function split(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  kv: Float64Array,
  fo: number,
  bo: number,
  needMin: boolean,
  env: AlgoEnv,
): Split {
  const kf = (d: number): number => kv[fo + d] ?? 0;
  const kb = (d: number): number => kv[bo + d] ?? 0;
  const setF = (d: number, v: number): void => {
    kv[fo + d] = v;
  };
  const setB = (d: number, v: number): void => {
    kv[bo + d] = v;
  };
  const h1 = (i: number): number => ha1[i] ?? -1;
  const h2 = (i: number): number => ha2[i] ?? -2;

  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;

  setF(fmid, off1);
  setB(bmid, lim1);

  for (let ec = 1; ; ec++) {
    let gotSnake = false;

    if (fmin > dmin) setF(--fmin - 1, -1);
    else ++fmin;
    if (fmax < dmax) setF(++fmax + 1, -1);
    else --fmax;

    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = kf(d - 1) >= kf(d + 1) ? kf(d - 1) + 1 : kf(d + 1);
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && h1(i1) === h2(i2)) {
        i1++;
        i2++;
      }
      if (i1 - prev1 > env.snakeCnt) gotSnake = true;
      setF(d, i1);
      if (odd && bmin <= d && d <= bmax && kb(d) <= i1) {
        return { i1, i2, minLo: true, minHi: true };
      }
    }

    if (bmin > dmin) setB(--bmin - 1, XDL_LINE_MAX);
    else ++bmin;
    if (bmax < dmax) setB(++bmax + 1, XDL_LINE_MAX);
    else --bmax;

    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = kb(d - 1) < kb(d + 1) ? kb(d - 1) : kb(d + 1) - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && h1(i1 - 1) === h2(i2 - 1)) {
        i1--;
        i2--;
      }
      if (prev1 - i1 > env.snakeCnt) gotSnake = true;
      setB(d, i1);
      if (!odd && fmin <= d && d <= fmax && i1 <= kf(d)) {
        return { i1, i2, minLo: true, minHi: true };
      }
    }

    if (needMin) continue;

    // Heuristic: past a certain cost, take a diagonal that reached far along a good snake.
    if (gotSnake && ec > env.heurMin) {
      let best = 0;
      let found: Split | null = null;
      for (let d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        const i1 = kf(d);
        const i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (
          v > XDL_K_HEUR * ec &&
          v > best &&
          off1 + env.snakeCnt <= i1 &&
          i1 < lim1 &&
          off2 + env.snakeCnt <= i2 &&
          i2 < lim2
        ) {
          for (let k = 1; h1(i1 - k) === h2(i2 - k); k++) {
            if (k === env.snakeCnt) {
              best = v;
              found = { i1, i2, minLo: true, minHi: false };
              break;
            }
          }
        }
      }
      if (best > 0 && found !== null) return found;

      best = 0;
      found = null;
      for (let d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        const i1 = kb(d);
        const i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (
          v > XDL_K_HEUR * ec &&
          v > best &&
          off1 < i1 &&
          i1 <= lim1 - env.snakeCnt &&
          off2 < i2 &&
          i2 <= lim2 - env.snakeCnt
        ) {
          for (let k = 0; h1(i1 + k) === h2(i2 + k); k++) {
            if (k === env.snakeCnt - 1) {
              best = v;
              found = { i1, i2, minLo: false, minHi: true };
              break;
            }
          }
        }
      }
      if (best > 0 && found !== null) return found;
    }

    // Enough is enough: take the furthest-reaching path.
    if (ec >= env.mxcost) {
      let fbest = -1;
      let fbest1 = -1;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = Math.min(kf(d), lim1);
        let i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = XDL_LINE_MAX;
      let bbest1 = XDL_LINE_MAX;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = Math.max(off1, kb(d));
        let i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) {
        return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
      }
      return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
    }
  }
}

interface Group {
  start: number;
  end: number;
}

/**
 * xdl_change_compact without the indent heuristic: slide each group of changed records as far
 * down as possible, merging with groups it bumps into, then back up to line up with a group of
 * changes in the other file when it can.
 */
function changeCompact(xdf: DiffFile, xdfo: DiffFile): void {
  const ch = xdf.changed;
  const cho = xdfo.changed;
  const isCh = (arr: Uint8Array, i: number): boolean => arr[i + 1] === 1;
  const recsMatch = (i: number, j: number): boolean => xdf.ha[i] === xdf.ha[j];

  const groupInit = (arr: Uint8Array): Group => {
    const g = { start: 0, end: 0 };
    while (isCh(arr, g.end)) g.end++;
    return g;
  };
  const groupNext = (f: DiffFile, arr: Uint8Array, g: Group): boolean => {
    if (g.end === f.nrec) return false;
    g.start = g.end + 1;
    for (g.end = g.start; isCh(arr, g.end); g.end++);
    return true;
  };
  const groupPrevious = (arr: Uint8Array, g: Group): boolean => {
    if (g.start === 0) return false;
    g.end = g.start - 1;
    for (g.start = g.end; isCh(arr, g.start - 1); g.start--);
    return true;
  };
  const slideDown = (g: Group): boolean => {
    if (g.end < xdf.nrec && recsMatch(g.start, g.end)) {
      ch[1 + g.start++] = 0;
      ch[1 + g.end++] = 1;
      while (isCh(ch, g.end)) g.end++;
      return true;
    }
    return false;
  };
  const slideUp = (g: Group): boolean => {
    if (g.start > 0 && recsMatch(g.start - 1, g.end - 1)) {
      ch[1 + --g.start] = 1;
      ch[1 + --g.end] = 0;
      while (isCh(ch, g.start - 1)) g.start--;
      return true;
    }
    return false;
  };
  const bug = (what: string): never => {
    throw new Error(`xdiff compaction: ${what}`);
  };

  const g = groupInit(ch);
  const go = groupInit(cho);
  for (;;) {
    if (g.end !== g.start) {
      let groupsize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupsize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp(g)) if (!groupPrevious(cho, go)) bug('group sync broken sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!slideDown(g)) break;
          if (!groupNext(xdfo, cho, go)) bug('group sync broken sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupsize !== g.end - g.start);

      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!slideUp(g)) bug('match disappeared');
          if (!groupPrevious(cho, go)) bug('group sync broken sliding to match');
        }
      }
    }
    if (!groupNext(xdf, ch, g)) break;
    if (!groupNext(xdfo, cho, go)) bug('group sync broken moving to next group');
  }
  if (groupNext(xdfo, cho, go)) bug('group sync broken at end of file');
}

/** xdl_build_script: the groups of changed records as an ordered edit script. */
function buildScript(xdf1: DiffFile, xdf2: DiffFile): Change[] {
  const c1 = xdf1.changed;
  const c2 = xdf2.changed;
  const at = (arr: Uint8Array, i: number): boolean => arr[i + 1] === 1;
  const rev: Change[] = [];
  for (let i1 = xdf1.nrec, i2 = xdf2.nrec; i1 >= 0 || i2 >= 0; i1--, i2--) {
    if (at(c1, i1 - 1) || at(c2, i2 - 1)) {
      const l1 = i1;
      const l2 = i2;
      while (at(c1, i1 - 1)) i1--;
      while (at(c2, i2 - 1)) i2--;
      rev.push({ i1, i2, chg1: l1 - i1, chg2: l2 - i2 });
    }
  }
  return rev.reverse();
}
