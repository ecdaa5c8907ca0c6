/**
 * "Raakt ook": which open amendments touch a sentence. An index (document, file, sentence) -> the open
 * amendments whose current revision touches that sentence of its basis, kept up to date with every
 * record written (`put`) and built from all records at start. An amendment page then costs one lookup
 * per sentence it touches itself, however many amendments are open; before, every page looped over all
 * open amendments, and the first page after a start read the texts of every one of them.
 *
 * The touched sentences come from the record (`geraakt` on the current revision, written with every
 * revision). Open amendments recorded before that field existed have none: they are listed apart
 * (`openWithoutTouched`), so the reader can compute theirs from the texts; the start-up backfill
 * (commands/setup/backfillTouchedSentences.ts) records them, after which that list is empty.
 *
 * Pure: no disk. The amendment store (storage/amendmentStore.ts) owns one and calls `put` after each
 * durable write.
 */
import type { AmendmentRecord } from './amendmentModel.js';
import { touchKey, type TouchedSentence } from './amendmentChange.js';
import { isFinal } from './amendmentState.js';

function documentKey(document: string, bestand: string, zin: string): string {
  return `${document}\u0000${touchKey(bestand, zin)}`;
}

function amendmentKey(document: string, nummer: number): string {
  return `${document}#${nummer}`;
}

export class TouchIndex {
  /** (document, file, sentence) -> numbers of the open amendments touching it. */
  private readonly bySentence = new Map<string, Set<number>>();
  /** Per amendment, the keys it is registered under (so a new record can take the old one out). */
  private readonly registered = new Map<string, string[]>();
  /** Per document, the open amendments whose current revision has no recorded touched sentences. */
  private readonly unknown = new Map<string, Set<number>>();

  /** Takes the amendment's previous state out of the index and puts its current one in. */
  put(record: AmendmentRecord): void {
    const id = amendmentKey(record.document, record.nummer);
    for (const key of this.registered.get(id) ?? []) {
      const set = this.bySentence.get(key);
      set?.delete(record.nummer);
      if (set !== undefined && set.size === 0) this.bySentence.delete(key);
    }
    this.registered.delete(id);
    this.unknown.get(record.document)?.delete(record.nummer);
    if (isFinal(record.status)) return;
    const touched = record.revisies.at(-1)?.geraakt;
    if (touched === undefined) {
      let set = this.unknown.get(record.document);
      if (set === undefined) {
        set = new Set();
        this.unknown.set(record.document, set);
      }
      set.add(record.nummer);
      return;
    }
    const keys = [...new Set(touched.map((t) => documentKey(record.document, t.bestand, t.zin)))];
    for (const key of keys) {
      let set = this.bySentence.get(key);
      if (set === undefined) {
        set = new Set();
        this.bySentence.set(key, set);
      }
      set.add(record.nummer);
    }
    this.registered.set(id, keys);
  }

  /** The open amendments of `document` that touch any of `sentences`, in number order. */
  touching(document: string, sentences: readonly TouchedSentence[]): number[] {
    const found = new Set<number>();
    for (const s of sentences) {
      for (const nummer of this.bySentence.get(documentKey(document, s.bestand, s.zin)) ?? []) found.add(nummer);
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The open amendments of `document` without recorded touched sentences, in number order. */
  openWithoutTouched(document: string): number[] {
    return [...(this.unknown.get(document) ?? [])].sort((a, b) => a - b);
  }
}
