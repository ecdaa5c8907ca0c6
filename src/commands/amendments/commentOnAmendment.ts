/**
 * A comment (reactie) on an open amendment, optionally anchored to one sentence of the current
 * revision's text. The anchor keeps the sentence's text, so the page can show it at its sentence and
 * mark it outdated when a later revision removed that sentence.
 */
import type { AmendmentRecord, CommentRecord } from '../../domain/amendmentModel.js';
import { isPrincipleFile } from '../../domain/documentModel.js';
import { newId } from '../../domain/secrets.js';
import { InvalidInput } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { currentRevision } from '../../domain/amendmentModel.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentCommented } from '../../domain/auditEvents.js';
import { amendmentLock, findAmendment, requireOpen, saveAmendment } from './amendmentSupport.js';
import type { commentSchema } from '../../schemas/amendments.js';
import type { z } from 'zod';

/** What commentSchema lets through (src/schemas/amendments.ts). */
export type CommentInput = z.output<typeof commentSchema>;

export async function commentOnAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: CommentInput, now = new Date()): Promise<CommentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:comment');
    requireOpen(record, 'reageren');
    const rev = currentRevision(record);
    let anker: CommentRecord['anker'] = null;
    if (input.anker) {
      const text = isPrincipleFile(input.anker.bestand) ? await repo.readFile(rev.commit, input.anker.bestand).catch(() => null) : null;
      // A blank line is no sentence; an unknown file reads as null.
      if (text === null || input.anker.zin.trim() === '' || !text.split('\n').includes(input.anker.zin)) {
        throw new InvalidInput('De reactie is niet geldig.', [{ name: 'anker', reason: 'Deze zin staat niet in de huidige tekst van het amendement.' }]);
      }
      anker = { bestand: input.anker.bestand, zin: input.anker.zin, revisie: rev.commit };
    }
    const comment: CommentRecord = { id: newId('rct'), door: partyOf(user), tekst: input.tekst, anker, tijdstip: now.toISOString() };
    const updated: AmendmentRecord = { ...record, reacties: [...record.reacties, comment], gewijzigd: now.toISOString() };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentCommented(user, { document: repo.slug, nummer }, comment.id, anker ?? null));
    return comment;
  });
}
