/**
 * What an amendment changes, independent of where its base happens to be. Pure functions.
 *
 * An amendment's identity for reviews is its own change: the sentences it removes and inserts and
 * where. When the amendment is brought onto a newer draft (a three-way merge, see threeWayMerge.ts)
 * and the draft changed other sentences, the change is the same, so reviews stay valid; any edit of
 * the amendment's own text gives a different fingerprint.
 *
 * Each hunk is located by the unchanged line right before it and right after it (no line numbers,
 * which move when the draft changes elsewhere). Those two lines stay the same after an update onto a
 * draft that changed other sentences. When the draft changed one of them (an adjacent sentence, which
 * our merge takes cleanly where git would conflict), the fingerprint changes and reviews become stale:
 * the reviewer saw the change next to a sentence that now reads differently.
 *
 * Principle files are matched by file name: a rename (or renumbering) is the removal of the old
 * file and the addition of the new one, both part of the change.
 */
import { createHash } from 'node:crypto';
import { META_FILE, type DocumentMeta, type DocumentText } from './documentModel.js';
import { diffLineHunks, splitRecords } from './threeWayMerge.js';

export interface TouchedSentence {
  bestand: string;
  zin: string;
}

/** Bumped when the fingerprint's content changes, so old and new fingerprints never collide. */
const FINGERPRINT_FORMAT = 'amendement-wijziging/1';

interface HunkChange {
  /** The unchanged line right before the hunk (with its line ending); null at the start of the file. */
  voor: string | null;
  verwijderd: string[];
  ingevoegd: string[];
  /** The unchanged line right after the hunk; null at the end of the file. */
  na: string | null;
}

interface FileChange {
  bestand: string;
  soort: 'gewijzigd' | 'toegevoegd' | 'verwijderd';
  hunks: HunkChange[];
}

interface MetaChange {
  sleutel: string;
  van: unknown;
  naar: unknown;
}

/**
 * A stable fingerprint (sha256 hex) of what the revision changes compared with its base: per
 * principle file (by name) the hunks of the line diff without line numbers, each with its
 * neighbouring unchanged lines; added and removed files with their full text; changed metadata
 * fields with their old and new values.
 */
export function changeFingerprint(base: DocumentText, revision: DocumentText): string {
  const payload = {
    formaat: FINGERPRINT_FORMAT,
    bestanden: fileChanges(base, revision),
    meta: metaChanges(base.meta, revision.meta),
  };
  return createHash('sha256').update(JSON.stringify(payload), 'utf8').digest('hex');
}

/**
 * Sentences of the BASE that the change touches, per file, in file and line order, without
 * duplicates: removed or replaced lines; for a pure insertion the sentence before it (the one
 * after it when the insertion opens the file). Blank lines are no sentences: a hunk that only
 * touches blank lines counts as touching the nearest sentence before it. A removed (or renamed)
 * file touches all its sentences; an added file touches none. A changed metadata field is
 * reported as `{bestand: 'document.yml', zin: <field name>}`.
 */
export function touchedSentences(base: DocumentText, revision: DocumentText): TouchedSentence[] {
  const out: TouchedSentence[] = [];
  const seen = new Set<string>();
  const add = (bestand: string, zin: string): void => {
    const key = touchKey(bestand, zin);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ bestand, zin });
  };
  const revisionFiles = textsByFile(revision);
  for (const [bestand, oldText] of textsByFile(base)) {
    const newText = revisionFiles.get(bestand);
    if (newText === oldText) continue;
    const oldLines = splitRecords(oldText).map(stripEol);
    if (newText === undefined) {
      for (const l of oldLines) if (!isBlank(l)) add(bestand, l);
      continue;
    }
    for (const h of diffLineHunks(splitRecords(oldText), splitRecords(newText))) {
      const removed = oldLines.slice(h.from, h.from + h.fromCount).filter((l) => !isBlank(l));
      if (removed.length > 0) {
        for (const l of removed) add(bestand, l);
        continue;
      }
      const anchor = nearestSentence(oldLines, h.from);
      if (anchor !== null) add(bestand, anchor);
    }
  }
  for (const m of metaChanges(base.meta, revision.meta)) add(META_FILE, m.sleutel);
  return out;
}

/** True when two sets of touched sentences overlap (same file and same sentence text). */
export function overlaps(a: readonly TouchedSentence[], b: readonly TouchedSentence[]): boolean {
  const keys = new Set(a.map((t) => touchKey(t.bestand, t.zin)));
  return b.some((t) => keys.has(touchKey(t.bestand, t.zin)));
}

/** True when the revision changes nothing compared with the base (such an amendment is refused). */
export function isNoChange(base: DocumentText, revision: DocumentText): boolean {
  if (metaChanges(base.meta, revision.meta).length > 0) return false;
  const a = textsByFile(base);
  const b = textsByFile(revision);
  if (a.size !== b.size) return false;
  for (const [bestand, tekst] of a) if (b.get(bestand) !== tekst) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------

function textsByFile(doc: DocumentText): Map<string, string> {
  return new Map(doc.principes.map((p) => [p.bestand, p.tekst]));
}

function fileChanges(base: DocumentText, revision: DocumentText): FileChange[] {
  const a = textsByFile(base);
  const b = textsByFile(revision);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: FileChange[] = [];
  for (const bestand of names) {
    const oldText = a.get(bestand);
    const newText = b.get(bestand);
    if (oldText === newText) continue;
    if (oldText === undefined) {
      out.push({ bestand, soort: 'toegevoegd', hunks: [{ voor: null, verwijderd: [], ingevoegd: splitRecords(newText ?? ''), na: null }] });
    } else if (newText === undefined) {
      out.push({ bestand, soort: 'verwijderd', hunks: [{ voor: null, verwijderd: splitRecords(oldText), ingevoegd: [], na: null }] });
    } else {
      const from = splitRecords(oldText);
      const to = splitRecords(newText);
      const hunks = diffLineHunks(from, to).map(
        (h): HunkChange => ({
          voor: from[h.from - 1] ?? null,
          verwijderd: from.slice(h.from, h.from + h.fromCount),
          ingevoegd: to.slice(h.to, h.to + h.toCount),
          na: from[h.from + h.fromCount] ?? null,
        }),
      );
      out.push({ bestand, soort: 'gewijzigd', hunks });
    }
  }
  return out;
}

function metaChanges(a: DocumentMeta, b: DocumentMeta): MetaChange[] {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
  const out: MetaChange[] = [];
  for (const sleutel of keys) {
    const van = ra[sleutel] ?? null;
    const naar = rb[sleutel] ?? null;
    if (JSON.stringify(van) !== JSON.stringify(naar)) out.push({ sleutel, van, naar });
  }
  return out;
}

/** The nearest non-blank line before index `at`, else the nearest one from `at` on; null if none. */
function nearestSentence(lines: readonly string[], at: number): string | null {
  for (let i = at - 1; i >= 0; i--) {
    const l = lines[i];
    if (l !== undefined && !isBlank(l)) return l;
  }
  for (let i = at; i < lines.length; i++) {
    const l = lines[i];
    if (l !== undefined && !isBlank(l)) return l;
  }
  return null;
}

function stripEol(record: string): string {
  return record.endsWith('\n') ? record.slice(0, -1) : record;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** One touched sentence as a string key (file and sentence text), for sets and indexes. */
export function touchKey(bestand: string, zin: string): string {
  return `${bestand}\u0000${zin}`;
}
