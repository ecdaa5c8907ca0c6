/**
 * "Bijwerken naar het huidige concept": bring an amendment onto the current draft with a three-way
 * merge (basis, draft, amendment). Clean: a new revision whose second parent is the draft, and the
 * draft becomes its basis. Conflicting sentences: 409 MergeConflict with each region's base, draft and
 * amendment lines; the proposer resolves them by editing (reviseAmendment with `opConcept`).
 */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { mergeFileSets } from '../../domain/threeWayMerge.js';
import { Conflict, MergeConflict } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentRevised } from '../../domain/auditEvents.js';
import { updateSchema } from '../../schemas/amendments.js';
import { AmendmentRepository } from './amendmentRepository.js';
import { branchSignature, revisionFacts, revisionMessage, treeChanges } from './amendmentSupport.js';

/** `input`: `{verwachteRevisie}`, checked with updateSchema after the caller is authorized. */
export function updateAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: unknown, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  const body = { schema: updateSchema, input, what: 'Het bijwerken', seen: (v: { verwachteRevisie: string }) => v.verwachteRevisie };
  return amendments.withOpen(user, 'bijwerken', slug, nummer, body, async ({ repo, record, rev, user: actor }) => {
    const head = repo.head();
    if (head.oid === rev.basis) throw new Conflict(`Amendement ${nummer} is al gebaseerd op het huidige concept.`);
    const [baseFiles, draftFiles, tipFiles] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(head.oid), repo.readFiles(rev.commit)]);
    const merged = mergeFileSets(baseFiles, draftFiles, tipFiles);
    if (!merged.ok) {
      throw new MergeConflict(`Amendement ${nummer} botst met het huidige concept: los de conflicterende zinnen op door de tekst te bewerken.`, {
        conflicts: merged.conflicts,
        fileConflicts: merged.fileConflicts,
      });
    }
    const commit = await repo.commit({
      branch: record.branch,
      parent: rev.commit,
      changes: treeChanges(tipFiles, merged.files),
      mergeParents: [head.oid],
      author: branchSignature(record, actor, now),
      message: revisionMessage(nummer, 'bijgewerkt naar het huidige concept'),
    });
    const updated = await amendments.transition(record, 'bijwerken', {
      revisie: { commit: commit.oid, basis: head.oid, soort: 'bijwerken', ...revisionFacts(draftFiles, merged.files), door: partyOf(actor), tijdstip: now.toISOString() },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentRevised(actor, { document: repo.slug, nummer }, 'bijwerken', { revisie: commit.oid, basis: head.oid }));
    return updated;
  });
}
