/**
 * Bounded sequence diff and word diff: the low-level half of the comparison model (see compare.ts).
 * Pure functions apart from reading the clock for the optional deadline; no I/O.
 *
 * Cost is bounded on every jsdiff call: a cap on the edit length jsdiff explores (`maxEditLength`) and
 * one deadline shared by all calls of one comparison (`timeoutMs`). When a bound is hit the caller
 * gets a "gave up" answer and falls back to a coarser presentation.
 */
import { diffArrays } from 'diff';

export interface WordPart {
  soort: 'gelijk' | 'ingevoegd' | 'verwijderd';
  tekst: string;
}

export interface CompareOptions {
  /**
   * Largest edit distance jsdiff may explore per call (lines for the line diff, tokens for a word diff),
   * counted after common prefix/suffix and tokens that occur on one side only are set aside.
   */
  maxEditLength?: number;
  /** Time budget in milliseconds for the whole comparison, shared by all jsdiff calls. */
  timeoutMs?: number;
}

/**
 * Default edit-length cap. A sentence-level word diff never comes near it; a line diff only hits it
 * when more than ~1000 lines that occur on both sides are shuffled around, which costs ~70 ms to detect.
 */
export const DEFAULT_MAX_EDIT_LENGTH = 1000;
/** Default time budget of one comparison; a safety net only, the edit-length cap keeps normal work far below it. */
export const DEFAULT_TIMEOUT_MS = 1000;

/** The bounds of one comparison: a cap per jsdiff call and one deadline (epoch ms) shared by all calls. */
export interface DiffBudget {
  readonly maxEditLength: number;
  readonly deadline: number;
}

export function createBudget(opts: CompareOptions = {}): DiffBudget {
  const max = opts.maxEditLength;
  const timeout = opts.timeoutMs;
  const maxEditLength = max === undefined || Number.isNaN(max) ? DEFAULT_MAX_EDIT_LENGTH : Math.max(0, Math.floor(max));
  const timeoutMs = timeout === undefined || Number.isNaN(timeout) ? DEFAULT_TIMEOUT_MS : Math.max(0, timeout);
  return { maxEditLength, deadline: Date.now() + timeoutMs };
}

export type EditKind = WordPart['soort'];

/** A run of `count` consecutive tokens of one kind. */
export interface EditRun {
  kind: EditKind;
  count: number;
}

export interface SequenceDiff {
  /** Runs in order; `verwijderd` before `ingevoegd` between two `gelijk` runs. */
  runs: EditRun[];
  /** True when a bound was hit: the middle part (between common prefix and suffix) is shown as replaced. */
  gaveUp: boolean;
}

class RunBuilder {
  readonly runs: EditRun[] = [];
  push(kind: EditKind, count: number): void {
    if (count <= 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last !== undefined && last.kind === kind) last.count += count;
    else this.runs.push({ kind, count });
  }
}

/**
 * Shortest edit script between two token sequences, with bounded cost.
 * Common prefix and suffix are trimmed first; tokens that occur on only one side can never be part of a
 * common subsequence, so they are set aside before Myers runs (as git's xdiff does). That keeps the
 * result optimal while making unrelated texts cheap: only tokens present on both sides reach jsdiff.
 */
export function diffSequences(a: readonly string[], b: readonly string[], budget: DiffBudget): SequenceDiff {
  const la = a.length;
  const lb = b.length;
  let pre = 0;
  while (pre < la && pre < lb && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < la - pre && suf < lb - pre && a[la - 1 - suf] === b[lb - 1 - suf]) suf++;
  const aEnd = la - suf;
  const bEnd = lb - suf;

  const out = new RunBuilder();
  out.push('gelijk', pre);
  let gaveUp = false;
  if (pre === aEnd || pre === bEnd) {
    out.push('verwijderd', aEnd - pre);
    out.push('ingevoegd', bEnd - pre);
  } else {
    const matches = matchMiddle(a, pre, aEnd, b, pre, bEnd, budget);
    if (matches === null) {
      gaveUp = true;
      out.push('verwijderd', aEnd - pre);
      out.push('ingevoegd', bEnd - pre);
    } else {
      let pa = pre;
      let pb = pre;
      for (let k = 0; k < matches.length; k += 2) {
        const ia = matches[k] ?? pa;
        const ib = matches[k + 1] ?? pb;
        out.push('verwijderd', ia - pa);
        out.push('ingevoegd', ib - pb);
        out.push('gelijk', 1);
        pa = ia + 1;
        pb = ib + 1;
      }
      out.push('verwijderd', aEnd - pa);
      out.push('ingevoegd', bEnd - pb);
    }
  }
  out.push('gelijk', suf);
  return { runs: out.runs, gaveUp };
}

/**
 * The matched index pairs (flattened: ia0, ib0, ia1, ib1, ...) of a longest common subsequence of
 * a[aStart..aEnd) and b[bStart..bEnd), or null when jsdiff gave up or the deadline has passed.
 */
function matchMiddle(
  a: readonly string[],
  aStart: number,
  aEnd: number,
  b: readonly string[],
  bStart: number,
  bEnd: number,
  budget: DiffBudget,
): number[] | null {
  // Intern tokens to small integers; mark on which side each occurs.
  const ids = new Map<string, number>();
  const seen: [number[], number[]] = [[], []];
  const intern = (tokens: readonly string[], start: number, end: number, side: 0 | 1): Int32Array => {
    const out = new Int32Array(end - start);
    for (let i = start; i < end; i++) {
      const t = tokens[i] ?? '';
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size;
        ids.set(t, id);
        seen[0].push(0);
        seen[1].push(0);
      }
      seen[side][id] = 1;
      out[i - start] = id;
    }
    return out;
  };
  const aIds = intern(a, aStart, aEnd, 0);
  const bIds = intern(b, bStart, bEnd, 1);
  // Keep only tokens that occur on both sides (with their original positions).
  const shared = (tokenIds: Int32Array, start: number, other: number[]) => {
    const kept: number[] = [];
    const pos: number[] = [];
    for (let i = 0; i < tokenIds.length; i++) {
      const id = tokenIds[i] ?? 0;
      if (other[id] === 1) {
        kept.push(id);
        pos.push(start + i);
      }
    }
    return { kept, pos };
  };
  const { kept: fa, pos: faPos } = shared(aIds, aStart, seen[1]);
  const { kept: fb, pos: fbPos } = shared(bIds, bStart, seen[0]);
  if (fa.length === 0 || fb.length === 0) return [];

  const remaining = budget.deadline - Date.now();
  if (remaining <= 0) return null;
  const changes = diffArrays(fa, fb, { maxEditLength: budget.maxEditLength, timeout: remaining });
  if (changes === undefined) return null;

  const matches: number[] = [];
  let oi = 0;
  let ni = 0;
  for (const c of changes) {
    if (c.added) ni += c.count;
    else if (c.removed) oi += c.count;
    else {
      for (let k = 0; k < c.count; k++) matches.push(faPos[oi + k] ?? 0, fbPos[ni + k] ?? 0);
      oi += c.count;
      ni += c.count;
    }
  }
  return matches;
}

/**
 * Word-diff tokens: a URL (kept whole, so a changed link target shows as one replaced address), a run of
 * letters/digits, a run of whitespace, or any other single character (punctuation, Markdown markup).
 * The alternatives cover every code point, so the tokens always concatenate back to the input.
 */
const TOKEN_RE = /https?:\/\/[^\s<>()[\]{}"'`]*[^\s<>()[\]{}"'`.,;:!?*_]|[\p{L}\p{N}\p{M}]+|\s+|[^]/gu;
const WHITESPACE_RE = /^\s+$/u;

export function tokenizeWords(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Word diff of two strings, or null when a bound was hit (fall back to "sentence replaced"). */
export function wordDiff(van: string, naar: string, opts?: CompareOptions): WordPart[] | null {
  return wordDiffWithin(van, naar, createBudget(opts));
}

/** As wordDiff, within an existing budget (shared deadline). */
export function wordDiffWithin(van: string, naar: string, budget: DiffBudget): WordPart[] | null {
  if (van === naar) return van === '' ? [] : [{ soort: 'gelijk', tekst: van }];
  const ta = tokenizeWords(van);
  const tb = tokenizeWords(naar);
  const d = diffSequences(ta, tb, budget);
  if (d.gaveUp) return null;
  const raw: WordPart[] = [];
  let pa = 0;
  let pb = 0;
  for (const run of d.runs) {
    if (run.kind === 'ingevoegd') {
      raw.push({ soort: 'ingevoegd', tekst: tb.slice(pb, pb + run.count).join('') });
      pb += run.count;
    } else {
      raw.push({ soort: run.kind, tekst: ta.slice(pa, pa + run.count).join('') });
      pa += run.count;
      if (run.kind === 'gelijk') pb += run.count;
    }
  }
  return tidyParts(raw);
}

/**
 * Readability pass: whitespace that is the only thing left unchanged between two changes is folded into
 * the change (`[-het grote huis-]{+een klein dorp+}` instead of three separate replacements); then every
 * stretch of changes becomes at most one removal followed by one insertion, and equal parts are merged.
 * Keeps the invariant: gelijk+verwijderd parts spell `van`, gelijk+ingevoegd parts spell `naar`.
 */
function tidyParts(parts: readonly WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    if (del !== '') out.push({ soort: 'verwijderd', tekst: del });
    if (ins !== '') out.push({ soort: 'ingevoegd', tekst: ins });
    del = '';
    ins = '';
  };
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (p === undefined || p.tekst === '') continue;
    if (p.soort === 'verwijderd') del += p.tekst;
    else if (p.soort === 'ingevoegd') ins += p.tekst;
    else {
      const prev = parts[k - 1];
      const next = parts[k + 1];
      const between =
        prev !== undefined && next !== undefined && prev.soort !== 'gelijk' && next.soort !== 'gelijk';
      if (between && WHITESPACE_RE.test(p.tekst)) {
        del += p.tekst;
        ins += p.tekst;
        continue;
      }
      flush();
      const last = out[out.length - 1];
      if (last !== undefined && last.soort === 'gelijk') last.tekst += p.tekst;
      else out.push({ soort: 'gelijk', tekst: p.tekst });
    }
  }
  flush();
  return out;
}
