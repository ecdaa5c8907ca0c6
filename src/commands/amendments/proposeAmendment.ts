/**
 * Propose an amendment (werkgroeplid, vertegenwoordiger): a branch `amendementen/<n>` starting at the
 * draft commit it was written against (its basis), with one commit authored by the person and the
 * organisation they propose it for. An amendment identical to its basis is refused. Numbers count up per document.
 */
import { isNoChange } from '../../domain/amendmentChange.js';
import type { AmendmentRecord, Party } from '../../domain/amendmentModel.js';
import { parseDocumentFiles } from '../../domain/documentModel.js';
import { InvalidInput } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentProposed } from '../../domain/auditEvents.js';
import { amendmentLock, applyChanges, nextAmendmentNumber, branchOf, revisionFacts, principleChanges, proposalMessage, signatureOf } from './amendmentSupport.js';
import { proposeSchema } from '../../schemas/amendments.js';
import { parseInput } from '../../validation.js';
import { AmendmentRepository } from './amendmentRepository.js';
import type { z } from 'zod';

/** What proposeSchema lets through (src/schemas/amendments.ts). */
export type ProposeInput = z.output<typeof proposeSchema>;

/**
 * Who the amendment is proposed by: the person, and the organisation they propose it for (or none).
 * The policy decides who may propose for whom; proposing "namens de organisatie" without one is bad input.
 */
function proposerOf(user: CurrentUser, namens: ProposeInput['namens']): Party {
  const party = partyOf(user);
  if (namens === 'organisatie' && party.organisatie === null) {
    throw new InvalidInput('Het amendement is niet geldig.', [{ name: 'namens', reason: 'U hoort niet bij een organisatie: dien het in namens uzelf.' }]);
  }
  const organisatie = namens === 'persoon' ? null : party.organisatie;
  authorize(user, 'amendment:propose', { indienerOrganisatie: organisatie?.code ?? null });
  return { ...party, organisatie };
}

/** `input`: `{titel, toelichting, basis?, principes, namens?}`, checked with proposeSchema after the caller is authorized. */
export async function proposeAmendment(stores: Stores, user: CurrentUser | null, slug: string, body: unknown, now = new Date()): Promise<AmendmentRecord> {
  const repo = stores.documents.get(slug);
  authorize(user, 'amendment:propose');
  const input = parseInput(proposeSchema, body, 'Het amendement');
  const party = proposerOf(user, input.namens);
  const amendments = new AmendmentRepository(stores, now);
  return amendmentLock(stores, repo.slug).run(async () => {
    const head = repo.head();
    let basis = head.oid;
    if (input.basis !== 'concept') {
      const resolved = (() => {
        try {
          return repo.resolve(input.basis);
        } catch {
          return undefined;
        }
      })();
      if (!resolved || !repo.isAncestor(resolved.commit.oid, head.oid)) {
        throw new InvalidInput('De basis is niet geldig.', [{ name: 'basis', reason: 'Kies "concept" of een commit van het concept (de hoofdtak).' }]);
      }
      basis = resolved.commit.oid;
    }
    const baseFiles = await repo.readFiles(basis);
    const changes = principleChanges(baseFiles, input.principes);
    const newFiles = applyChanges(baseFiles, changes);
    if (changes.length === 0 || isNoChange(parseDocumentFiles(baseFiles), parseDocumentFiles(newFiles))) {
      throw new InvalidInput('Het amendement verandert niets.', [{ name: 'principes', reason: 'De tekst is gelijk aan de basis: wijzig ten minste één zin.' }]);
    }
    const nummer = nextAmendmentNumber(stores, repo.slug);
    const branch = branchOf(nummer);
    const commit = await repo.commit({
      branch,
      parent: null,
      base: basis,
      changes,
      author: signatureOf(party, now),
      message: proposalMessage(nummer, input.titel, input.toelichting, party),
    });
    const record = await amendments.add({
      document: repo.slug,
      nummer,
      titel: input.titel,
      toelichting: input.toelichting,
      branch,
      indiener: party,
      revisies: [{ commit: commit.oid, basis, soort: 'voorstel', ...revisionFacts(baseFiles, newFiles), door: party, tijdstip: now.toISOString() }],
      aangemaakt: now.toISOString(),
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentProposed(user, { document: repo.slug, nummer }, { titel: input.titel, basis, revisie: commit.oid, organisatie: party.organisatie?.code ?? null, bestanden: changes.map((c) => c.path) }));
    return record;
  });
}
