/**
 * "Bijwerken naar het huidige concept": bring an amendment onto the current draft with a three-way
 * merge (basis, draft, amendment). Clean: a new revision whose second parent is the draft, and the
 * draft becomes its basis. Conflicting sentences: 409 MergeConflict with each region's base, draft and
 * amendment lines; the proposer resolves them by editing (reviseAmendment with `opConcept`).
 */
import { currentRevision, type AmendmentRecord } from '../../domain/amendmentModel.js';
import { mergeFileSets } from '../../domain/threeWayMerge.js';
import { Conflict, MergeConflict, StaleHead } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentRevised } from '../../domain/auditEvents.js';
import { amendmentLock, findAmendment, revisionFacts, requireOpen, revisionMessage, saveAmendment, branchSignature, treeChanges, proposerTarget } from './amendmentSupport.js';

export async function updateAmendment(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  nummer: number,
  input: { verwachteRevisie: string },
  now = new Date(),
): Promise<AmendmentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:own', proposerTarget(record));
    requireOpen(record, 'bijwerken');
    const rev = currentRevision(record);
    if (input.verwachteRevisie !== rev.commit) throw new StaleHead(input.verwachteRevisie, rev.commit);
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
      author: branchSignature(record, user, now),
      message: revisionMessage(nummer, 'bijgewerkt naar het huidige concept'),
    });
    const updated: AmendmentRecord = {
      ...record,
      revisies: [
        ...record.revisies,
        { commit: commit.oid, basis: head.oid, soort: 'bijwerken', ...revisionFacts(draftFiles, merged.files), door: partyOf(user), tijdstip: now.toISOString() },
      ],
      gewijzigd: now.toISOString(),
    };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentRevised(user, { document: repo.slug, nummer }, 'bijwerken', { revisie: commit.oid, basis: head.oid }));
    return updated;
  });
}
