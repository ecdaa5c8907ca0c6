/**
 * A new text for an amendment (its proposer): a new commit on the amendment's branch, guarded by the
 * revision the proposer edited (`verwachteRevisie`): of two revisions saved at once, one wins and the
 * other gets 409 (stale revision); no commit is lost.
 * With `opConcept`, the new text is written against the current draft (the way a proposer resolves
 * the conflicts of "bijwerken"): the commit gets the draft as a second parent and becomes the new basis.
 */
import { isNoChange } from '../../domain/amendmentChange.js';
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { parseDocumentFiles } from '../../domain/documentModel.js';
import { mergeFileSets } from '../../domain/threeWayMerge.js';
import { InvalidInput, MergeConflict, StaleHead } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { DocumentRepository } from '../../storage/git/repository.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentRevised } from '../../domain/auditEvents.js';
import { applyChanges, branchSignature, principleChanges, revisionFacts, revisionMessage, treeChanges, type PrincipleEdit } from './amendmentSupport.js';
import type { z } from 'zod';
import { reviseSchema } from '../../schemas/amendments.js';
import { AmendmentRepository } from './amendmentRepository.js';

/** What reviseSchema lets through (src/schemas/amendments.ts). */
export type ReviseInput = z.output<typeof reviseSchema>;

/** `input`: `{principes, verwachteRevisie, opConcept?, verwachtConcept?}`, checked with reviseSchema after the caller is authorized. */
export function reviseAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: unknown, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  const body = { schema: reviseSchema, input, what: 'De revisie', seen: (v: ReviseInput) => v.verwachteRevisie };
  return amendments.withOpen(user, 'herzien', slug, nummer, body, async ({ repo, record, rev, user: actor, input: valid }) => {
    const head = repo.head();
    if (valid.opConcept && valid.verwachtConcept !== undefined && valid.verwachtConcept !== head.oid) {
      throw new StaleHead(valid.verwachtConcept, head.oid);
    }
    const basis = valid.opConcept ? head.oid : rev.basis;
    const tipFiles = await repo.readFiles(rev.commit);
    const startFiles = valid.opConcept ? await onDraft(repo, rev.basis, head.oid, tipFiles, valid.principes, nummer) : tipFiles;
    // Resolving onto the draft: removing a principle the amendment itself added is already done by onDraft.
    const edits = valid.opConcept ? valid.principes.filter((e) => e.tekst !== null || startFiles.has(e.bestand)) : valid.principes;
    const newFiles = applyChanges(startFiles, principleChanges(startFiles, edits));
    const baseFiles = await repo.readFiles(basis);
    if (isNoChange(parseDocumentFiles(baseFiles), parseDocumentFiles(newFiles))) {
      throw new InvalidInput('Het amendement verandert niets.', [{ name: 'principes', reason: 'De tekst is gelijk aan de basis: wijzig ten minste één zin.' }]);
    }
    const changes = treeChanges(tipFiles, newFiles);
    // Onto a newer draft, an unchanged tree is still a real step (the draft becomes a parent); otherwise it is nothing.
    if (changes.length === 0 && !(valid.opConcept && head.oid !== rev.basis)) {
      throw new InvalidInput('Deze revisie is gelijk aan de huidige.', [{ name: 'principes', reason: 'Er is niets gewijzigd ten opzichte van de huidige revisie.' }]);
    }
    const commit = await repo.commit({
      branch: record.branch,
      parent: rev.commit,
      changes,
      author: branchSignature(record, actor, now),
      message: revisionMessage(nummer, `nieuwe revisie${valid.opConcept ? ' op het huidige concept' : ''}`),
      ...(valid.opConcept && head.oid !== rev.basis ? { mergeParents: [head.oid] } : {}),
    });
    const updated = await amendments.transition(record, 'herzien', {
      revisie: { commit: commit.oid, basis, soort: 'tekst', ...revisionFacts(baseFiles, newFiles), door: partyOf(actor), tijdstip: now.toISOString() },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentRevised(actor, { document: repo.slug, nummer }, 'tekst', { revisie: commit.oid, basis, opConcept: valid.opConcept === true }));
    return updated;
  });
}

/**
 * The text a revision "op het huidige concept" starts from: the draft, with the amendment's changes
 * to the files the proposer did not send merged onto it (three-way, old basis as base), so that
 * resolving a conflict in one principle never silently drops the amendment's change to another.
 * The files the proposer sends replace whatever is there. A conflict in a file that was not sent is
 * a 409 MergeConflict: the proposer must send that file too.
 */
async function onDraft(
  repo: DocumentRepository,
  oldBasis: string,
  draft: string,
  tipFiles: ReadonlyMap<string, string>,
  edits: readonly PrincipleEdit[],
  nummer: number,
): Promise<Map<string, string>> {
  const [baseFiles, draftFiles] = await Promise.all([repo.readFiles(oldBasis), repo.readFiles(draft)]);
  const untouched = new Map(tipFiles);
  for (const e of edits) {
    // The amendment side of a file that is sent counts as unchanged, so only the draft's text remains.
    const before = baseFiles.get(e.bestand);
    if (before === undefined) untouched.delete(e.bestand);
    else untouched.set(e.bestand, before);
  }
  const merged = mergeFileSets(baseFiles, draftFiles, untouched);
  if (!merged.ok) {
    throw new MergeConflict(
      `Amendement ${nummer} botst ook in principes die niet in deze revisie staan: stuur ook hun opgeloste tekst mee.`,
      { conflicts: merged.conflicts, fileConflicts: merged.fileConflicts },
    );
  }
  return merged.files;
}
