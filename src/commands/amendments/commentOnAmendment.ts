/**
 * A comment (reactie) on an open amendment, optionally anchored to one sentence of the current
 * revision's text. The anchor keeps the sentence's text, so the page can show it at its sentence and
 * mark it outdated when a later revision removed that sentence.
 */
import type { CommentRecord } from '../../domain/amendmentModel.js';
import { isPrincipleFile } from '../../domain/documentModel.js';
import { newId } from '../../domain/secrets.js';
import { InvalidInput } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentCommented } from '../../domain/auditEvents.js';
import { commentSchema } from '../../schemas/amendments.js';
import type { z } from 'zod';
import { AmendmentRepository } from './amendmentRepository.js';

/** What commentSchema lets through (src/schemas/amendments.ts). */
export type CommentInput = z.output<typeof commentSchema>;

/** `input`: `{tekst, anker?}`, checked with commentSchema after the caller is authorized. */
export function commentOnAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: unknown, now = new Date()): Promise<CommentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  return amendments.withOpen(user, 'reageren', slug, nummer, { schema: commentSchema, input, what: 'De reactie' }, async ({ repo, record, rev, user: actor, input: valid }) => {
    let anker: CommentRecord['anker'] = null;
    if (valid.anker) {
      const text = isPrincipleFile(valid.anker.bestand) ? await repo.readFile(rev.commit, valid.anker.bestand).catch(() => null) : null;
      // A blank line is no sentence; an unknown file reads as null.
      if (text === null || valid.anker.zin.trim() === '' || !text.split('\n').includes(valid.anker.zin)) {
        throw new InvalidInput('De reactie is niet geldig.', [{ name: 'anker', reason: 'Deze zin staat niet in de huidige tekst van het amendement.' }]);
      }
      anker = { bestand: valid.anker.bestand, zin: valid.anker.zin, revisie: rev.commit };
    }
    const comment: CommentRecord = { id: newId('rct'), door: partyOf(actor), tekst: valid.tekst, anker, tijdstip: now.toISOString() };
    await amendments.transition(record, 'reageren', { reactie: comment, gewijzigd: now.toISOString() });
    await stores.audit.append(amendmentCommented(actor, { document: repo.slug, nummer }, comment.id, anker ?? null));
    return comment;
  });
}
