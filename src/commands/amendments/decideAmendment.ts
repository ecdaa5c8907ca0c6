/**
 * The secretary's decision: `overnemen` (merge into the draft) or `verwerpen` (reject), with a reason.
 * Merging requires: the amendment is open, at least `minApprovals` valid approvals, no conflicts with
 * the current draft, and the revision the secretary saw (`verwachteRevisie`); otherwise 409 with the
 * reason. A merge is a merge commit on `main` (parents: the draft, the amendment) whose message names
 * the amendment, its title, proposer and decision. Git first, then the metadata, then the audit log.
 * An amendment whose merge is already on main (that write was interrupted after its git step) is never
 * merged again: its record is completed from the merge (mergedDecision.ts) and the request gets 409.
 */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { mergeFileSets } from '../../domain/threeWayMerge.js';
import { Conflict, InvalidInput, MergeConflict } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentDecided } from '../../domain/auditEvents.js';
import { signatureOf, treeChanges } from './amendmentSupport.js';
import { AmendmentRepository } from './amendmentRepository.js';
import { validApprovals } from '../../domain/reviewRules.js';
import type { z } from 'zod';
import { decisionSchema } from '../../schemas/amendments.js';

/** What decisionSchema lets through (src/schemas/amendments.ts). */
export type DecideInput = z.output<typeof decisionSchema>;

/** `input`: `{besluit, reden, verwachteRevisie?}` (required to merge), checked with decisionSchema after the caller is authorized. */
export function decideAmendment(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  nummer: number,
  input: unknown,
  opts: { minApprovals: number },
  now = new Date(),
): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  // A rejection needs no expected revision, but one that is given must be the current one.
  const body = { schema: decisionSchema, input, what: 'Het besluit', seen: (v: DecideInput) => v.verwachteRevisie, action: (v: DecideInput) => v.besluit };
  // With the record: the proposer and co-signers never decide on it, even when they are secretary now.
  return amendments.withOpen(user, 'besluiten', slug, nummer, body, async ({ repo, record, rev, user: actor, input: valid }) => {
    const door = partyOf(actor);
    if (valid.besluit === 'verwerpen') {
      const updated = await amendments.transition(record, 'verwerpen', { besluit: { reden: valid.reden, door, tijdstip: now.toISOString() }, gewijzigd: now.toISOString() });
      await stores.audit.append(amendmentDecided(actor, { document: repo.slug, nummer }, 'verworpen', { reden: valid.reden, revisie: rev.commit }));
      return updated;
    }

    if (valid.verwachteRevisie === undefined) {
      throw new InvalidInput('Het besluit is niet geldig.', [{ name: 'verwachteRevisie', reason: 'Geef de revisie die u hebt beoordeeld.' }]);
    }
    const approvals = validApprovals(record);
    if (approvals < opts.minApprovals) {
      throw new Conflict(
        `Amendement ${nummer} heeft ${approvals} geldige goedkeuring${approvals === 1 ? '' : 'en'} van de werkgroep; er ${opts.minApprovals === 1 ? 'is' : 'zijn'} er minstens ${opts.minApprovals} nodig.`,
        { approvals, required: opts.minApprovals },
      );
    }
    const head = repo.head();
    const [baseFiles, draftFiles, tipFiles] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(head.oid), repo.readFiles(rev.commit)]);
    const merged = mergeFileSets(baseFiles, draftFiles, tipFiles);
    if (!merged.ok) {
      throw new MergeConflict(`Amendement ${nummer} botst met het huidige concept; de indiener moet het eerst bijwerken.`, {
        conflicts: merged.conflicts,
        fileConflicts: merged.fileConflicts,
      });
    }
    const indiener = record.indiener.organisatie ? `${record.indiener.naam} (${record.indiener.organisatie.naam})` : record.indiener.naam;
    const mede = record.medeIndieners.filter((m) => m.ingetrokken === null).map((m) => m.organisatie.naam);
    const message =
      `Amendement ${nummer} overgenomen: ${record.titel}\n\n` +
      `Indiener: ${indiener}\n` +
      (mede.length > 0 ? `Mede-indieners: ${mede.join(', ')}\n` : '') +
      `Besluit: overgenomen door ${actor.naam}\n` +
      `Reden: ${valid.reden}\n` +
      `Revisie: ${rev.commit}\n`;
    // The change is the proposer's (author); the decision, and so the merge, is the secretary's (committer).
    const commit = await repo.commit({
      branch: 'main',
      parent: head.oid,
      changes: treeChanges(draftFiles, merged.files),
      mergeParents: [rev.commit],
      author: signatureOf(record.indiener, now),
      committer: signatureOf(door, now),
      message,
    });
    const updated = await amendments.transition(record, 'overnemen', {
      besluit: { reden: valid.reden, door, tijdstip: now.toISOString(), commit: commit.oid },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentDecided(actor, { document: repo.slug, nummer }, 'overgenomen', { reden: valid.reden, revisie: rev.commit, commit: commit.oid }));
    return updated;
  });
}
