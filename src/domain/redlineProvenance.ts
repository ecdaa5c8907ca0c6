/**
 * Who made each change of a redline that spans several steps. The adoption document's redline compares
 * the baseline with the version in one go, but the text got there step by step (the draft's first-parent
 * line: each step a merged amendment or a direct commit), and one sentence may have been changed by
 * several steps. So we walk the steps in order and carry, per character of every principle file, where
 * it came from: a character of the baseline (file, line, offset) or the step that inserted it; and for
 * every character of the baseline, the step that deleted it. Afterwards each inserted or deleted span of
 * the final redline can be split where that provenance changes.
 *
 * Each step is compared with the same comparison as everything else (`compareDocuments`: principles
 * paired by name, then renames by content; lines; words), whose parts spell both texts exactly, so the
 * carried provenance always lines up with the texts. Only the files a step changed are compared and
 * updated; an untouched file keeps its provenance without being copied, so the work per step follows
 * the size of its change, not of the document. Provenance is stored as runs (segments), not per character.
 * Pure: no I/O, no clock.
 */
import { compareDocuments, splitLines, type CompareOptions, type LineChange } from './compare.js';
import { isPrincipleFile, parseDocumentFiles, type DocumentText } from './documentModel.js';

/** One file a step changed: its text before (null: the step added it) and after (null: removed it). */
export interface StepFile {
  bestand: string;
  voor: string | null;
  na: string | null;
}

/** A run of characters and the step that inserted (or deleted) them; `stap` is -1 when no step did. */
export interface SourcedSpan {
  lengte: number;
  stap: number;
}

/** No step: the character is the baseline's own (for an insertion) or still there (for a deletion). */
export const NO_STEP = -1;
/** A character whose origin could not be traced (only when the steps given do not fit together). */
const UNKNOWN = -2;

/**
 * A run of `len` characters of one line. `step >= 0`: inserted by that step. `step === NO_STEP`: the
 * baseline's characters `file` line `line` (1-based) from offset `off`. `UNKNOWN`: neither.
 */
interface Seg {
  readonly len: number;
  readonly step: number;
  readonly file: string;
  readonly line: number;
  readonly off: number;
}

type Line = readonly Seg[];

interface Deletion {
  off: number;
  len: number;
  step: number;
}

function inserted(len: number, step: number): Seg {
  return { len, step, file: '', line: 0, off: 0 };
}

function lineLength(line: Line): number {
  let n = 0;
  for (const s of line) n += s.len;
  return n;
}

/** Appends `seg`, joining it to the last run when it continues it. */
function push(out: Seg[], seg: Seg): void {
  if (seg.len <= 0) return;
  const last = out[out.length - 1];
  if (last !== undefined && last.step === seg.step && (seg.step !== NO_STEP || (last.file === seg.file && last.line === seg.line && last.off + last.len === seg.off))) {
    out[out.length - 1] = { ...last, len: last.len + seg.len };
  } else {
    out.push(seg);
  }
}

/** The runs of `line` that cover characters [from, to). */
function slice(line: Line, from: number, to: number): Seg[] {
  const out: Seg[] = [];
  let pos = 0;
  for (const s of line) {
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + s.len);
    if (start < end) push(out, { ...s, len: end - start, off: s.step === NO_STEP ? s.off + (start - pos) : 0 });
    pos += s.len;
    if (pos >= to) break;
  }
  // A line shorter than asked (only when the steps do not fit together): the rest is unknown.
  const covered = out.reduce((n, s) => n + s.len, 0);
  if (covered < to - from) push(out, inserted(to - from - covered, UNKNOWN));
  return out;
}

function textOf(doc: DocumentText, bestand: string): string {
  return doc.principes.find((p) => p.bestand === bestand)?.tekst ?? '';
}

export class RedlineProvenance {
  /** Files changed since the baseline, by current name; a file not here is the baseline's, untouched. */
  private readonly files = new Map<string, Line[]>();
  /** Baseline file -> line -> the deleted runs of that line. */
  private readonly deletions = new Map<string, Map<number, Deletion[]>>();
  /** Current file -> the last step that changed it. */
  private readonly lastChange = new Map<string, number>();
  /** Baseline file -> the first step that changed it. */
  private readonly firstChange = new Map<string, number>();
  private count = 0;

  constructor(private readonly compareOptions: CompareOptions = {}) {}

  /** How many steps were applied. */
  get steps(): number {
    return this.count;
  }

  /** Applies the next step (the files it changed); returns its index. Files other than principles are ignored. */
  apply(changed: readonly StepFile[]): number {
    const step = this.count;
    this.count += 1;
    const principles = changed.filter((f) => isPrincipleFile(f.bestand));
    if (principles.length === 0) return step;
    const side = (pick: (f: StepFile) => string | null): DocumentText =>
      parseDocumentFiles(new Map(principles.flatMap((f): [string, string][] => {
        const text = pick(f);
        return text === null ? [] : [[f.bestand, text]];
      })));
    const before = side((f) => f.voor);
    const after = side((f) => f.na);
    const cmp = compareDocuments(before, after, this.compareOptions);

    const next = new Map<string, Line[]>();
    const gone: string[] = [];
    for (const pc of cmp.principes) {
      const van = pc.van?.bestand ?? null;
      const naar = pc.naar?.bestand ?? null;
      const old = van === null ? [] : this.current(van, textOf(before, van), step);
      const lines = this.carry(old, pc.regels, step);
      if (van !== null) gone.push(van);
      if (naar !== null) {
        next.set(naar, lines);
        this.lastChange.set(naar, step);
      }
    }
    // All old states are read before any is replaced: a step may rename a to b and b to c at once.
    for (const van of gone) {
      this.files.delete(van);
      if (!next.has(van)) this.lastChange.delete(van);
    }
    for (const [naar, lines] of next) this.files.set(naar, lines);
    return step;
  }

  /**
   * Who inserted characters [from, to) of line `line` (1-based) of the current file `file`: runs in
   * order; `NO_STEP` where the characters are the baseline's own.
   */
  insertedBy(file: string, line: number, from: number, to: number): SourcedSpan[] {
    const lines = this.files.get(file);
    if (lines === undefined) return to > from ? [{ lengte: to - from, stap: NO_STEP }] : [];
    return spans(slice(lines[line - 1] ?? [], from, to).map((s) => ({ lengte: s.len, stap: s.step >= 0 ? s.step : NO_STEP })));
  }

  /**
   * Who deleted characters [from, to) of line `line` (1-based) of the baseline file `file`: runs in order;
   * `NO_STEP` where no step deleted them.
   */
  deletedBy(file: string, line: number, from: number, to: number): SourcedSpan[] {
    const dels = [...(this.deletions.get(file)?.get(line) ?? [])].sort((a, b) => a.off - b.off);
    const out: SourcedSpan[] = [];
    let pos = from;
    for (const d of dels) {
      const start = Math.max(pos, d.off);
      const end = Math.min(to, d.off + d.len);
      if (end <= start) continue;
      if (start > pos) out.push({ lengte: start - pos, stap: NO_STEP });
      out.push({ lengte: end - start, stap: d.step });
      pos = end;
    }
    if (pos < to) out.push({ lengte: to - pos, stap: NO_STEP });
    return spans(out);
  }

  /** The last step that changed the current file `file`, or `NO_STEP`. */
  lastChangeOf(file: string): number {
    return this.lastChange.get(file) ?? NO_STEP;
  }

  /** The first step that changed the baseline file `file`, or `NO_STEP`. */
  firstChangeOf(file: string): number {
    return this.firstChange.get(file) ?? NO_STEP;
  }

  /** The provenance of `file` before this step; an untouched file is the baseline's own text. */
  private current(file: string, text: string, step: number): Line[] {
    const known = this.files.get(file);
    const lines = splitLines(text);
    if (known !== undefined) {
      if (known.length === lines.length && known.every((l, i) => lineLength(l) === (lines[i] ?? '').length)) return known;
      // The steps do not fit together (never for consecutive commits): nothing is known about this text.
      return lines.map((l) => (l.length === 0 ? [] : [inserted(l.length, UNKNOWN)]));
    }
    if (!this.firstChange.has(file)) this.firstChange.set(file, step);
    return lines.map((l, i) => (l.length === 0 ? [] : [{ len: l.length, step: NO_STEP, file, line: i + 1, off: 0 }]));
  }

  /** The new file's provenance from the old one through one comparison's line changes. */
  private carry(old: readonly Line[], regels: readonly LineChange[], step: number): Line[] {
    const out: Line[] = [];
    for (const r of regels) {
      if (r.soort === 'gelijk') {
        out.push(old[r.regelVan - 1] ?? [inserted(r.tekst.length, UNKNOWN)]);
      } else if (r.soort === 'ingevoegd') {
        out.push(r.tekst.length === 0 ? [] : [inserted(r.tekst.length, step)]);
      } else if (r.soort === 'verwijderd') {
        this.markDeleted(old[r.regelVan - 1] ?? [], 0, r.tekst.length, step);
      } else {
        const before = old[r.regelVan - 1] ?? [];
        const words = r.woorden;
        const spellsBoth =
          words !== null &&
          words.reduce((n, w) => n + (w.soort === 'ingevoegd' ? 0 : w.tekst.length), 0) === r.van.length &&
          words.reduce((n, w) => n + (w.soort === 'verwijderd' ? 0 : w.tekst.length), 0) === r.naar.length;
        if (words === null || !spellsBoth) {
          this.markDeleted(before, 0, r.van.length, step);
          out.push(r.naar.length === 0 ? [] : [inserted(r.naar.length, step)]);
          continue;
        }
        const segs: Seg[] = [];
        let at = 0;
        for (const w of words) {
          const len = w.tekst.length;
          if (w.soort === 'gelijk') {
            for (const s of slice(before, at, at + len)) push(segs, s);
            at += len;
          } else if (w.soort === 'verwijderd') {
            this.markDeleted(before, at, at + len, step);
            at += len;
          } else {
            push(segs, inserted(len, step));
          }
        }
        out.push(segs);
      }
    }
    return out;
  }

  /** Records that `step` deleted the baseline's characters among [from, to) of `line`. */
  private markDeleted(line: Line, from: number, to: number, step: number): void {
    for (const s of slice(line, from, to)) {
      if (s.step !== NO_STEP) continue; // inserted by an earlier step and gone again: not in the redline
      let byLine = this.deletions.get(s.file);
      if (byLine === undefined) {
        byLine = new Map();
        this.deletions.set(s.file, byLine);
      }
      const list = byLine.get(s.line);
      const d = { off: s.off, len: s.len, step };
      if (list === undefined) byLine.set(s.line, [d]);
      else list.push(d);
    }
  }
}

/** Joins neighbouring runs of the same step. */
function spans(list: readonly SourcedSpan[]): SourcedSpan[] {
  const out: SourcedSpan[] = [];
  for (const s of list) {
    if (s.lengte <= 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.stap === s.stap) last.lengte += s.lengte;
    else out.push({ ...s });
  }
  return out;
}
