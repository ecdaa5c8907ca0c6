/**
 * Where an anchored comment sits in the amendment's current text. A comment is anchored to a sentence
 * (the exact line) of the revision it was written on; when a later revision no longer has that
 * sentence, the comment is outdated (verouderd): it stays visible, with the sentence it was about.
 * One rule for the API (`verouderd`) and the amendment page (where it is listed apart).
 */
import type { CommentRecord } from './amendmentModel.js';
import type { DocumentText } from './documentModel.js';

/** The line (1-based) of a comment's sentence in `text`, null when unanchored or no longer there. */
export type AnchorLocator = (comment: CommentRecord) => { bestand: string; regel: number } | null;

export function anchorLocator(text: DocumentText): AnchorLocator {
  const linesOf = new Map(text.principes.map((p) => [p.bestand, p.tekst.split('\n')]));
  return (comment) => {
    if (comment.anker === null) return null;
    const i = linesOf.get(comment.anker.bestand)?.indexOf(comment.anker.zin) ?? -1;
    return i >= 0 ? { bestand: comment.anker.bestand, regel: i + 1 } : null;
  };
}

/** Anchored to a sentence that the current text no longer has. */
export function isOutdated(comment: CommentRecord, locate: AnchorLocator): boolean {
  return comment.anker !== null && locate(comment) === null;
}
