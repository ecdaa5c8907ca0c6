/**
 * Endorse a named version for one's own organisation (vertegenwoordiger; the policy
 * `endorsement:give`): the record pins the version name, its commit and its tree, with the
 * signatory and the decision (deciding body, date, reference, optional link).
 *
 * Guards: only one's own organisation (403; a body naming another organisation is 403 too), only a
 * named version (the draft or a bare commit: 409; unknown: 404), a decision date not after today in
 * Europe/Amsterdam (400), one active endorsement per organisation per version (409; checked inside the
 * log's lock, so two requests at once cannot both pass).
 *
 * Write order: the endorsement event first (durable), then the audit entry (durable); the caller
 * answers only after both. A crash in between leaves an endorsement without its audit entry, which
 * `reconcileEndorsements` adds at the next start (marked `hersteld`).
 */
import type { EndorsementRecord } from '../../domain/endorsementModel.js';
import { requireNotAfterToday } from '../../domain/calendar.js';
import { ENDORSED_ACTION, ENDORSEMENT_AUDIT_KIND, endorsedAuditData } from '../../domain/endorsementRules.js';
import { newId } from '../../domain/secrets.js';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { DocumentRepository, VersionInfo } from '../../storage/gitStore.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../amendments/amendmentSupport.js';
import { auditActor } from '../users/userRules.js';
import type { z } from 'zod';
import type { endorseSchema } from '../../schemas/endorsements.js';

/** What endorseSchema lets through (src/schemas/endorsements.ts). */
export type EndorseInput = z.output<typeof endorseSchema>;

/** The named version `versie` (`1.0` or `v1.0`) of `repo`: the draft and bare commits are 409, unknown is 404. */
export function namedVersion(repo: DocumentRepository, versie: string): VersionInfo {
  const resolved = (() => {
    try {
      return repo.resolve(versie);
    } catch (e) {
      if (e instanceof NotFound) throw new NotFound(`Versie ${versie.slice(0, 40)} van ${repo.slug} bestaat niet.`, { versie: versie.slice(0, 40) });
      throw e;
    }
  })();
  if (resolved.soort !== 'versie') {
    throw new Conflict(
      resolved.soort === 'concept'
        ? 'Het concept kan niet worden onderschreven: het verandert nog. Onderschrijf een benoemde versie, zoals 1.0.'
        : 'Alleen een benoemde versie (zoals 1.0) kan worden onderschreven, geen losse commit.',
      { versie: versie.slice(0, 40) },
    );
  }
  return resolved.versie;
}

/**
 * 401 without a user, 403 unless they may act for the organisation: their own, or `organisatie` when a
 * request names one (a representative only ever endorses for their own organisation). Routes call it
 * before validating the body, so a refused caller never learns more than "not allowed".
 */
export function authorizeEndorser(user: CurrentUser | null | undefined, organisatie?: unknown): asserts user is CurrentUser & { organisatie: { code: string; naam: string } } {
  const target = typeof organisatie === 'string' && organisatie.trim() !== '' ? organisatie.trim() : (user?.organisatie?.code ?? '');
  authorize(user, 'endorsement:give', { organisatie: target });
  // The policy only passes for one's own organisation.
  if (user.organisatie === null) throw new Error('endorsement:give passed without an organisation');
}

export async function endorseVersion(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  versie: string,
  input: EndorseInput,
  now = new Date(),
): Promise<EndorsementRecord> {
  const repo = stores.documents.get(slug);
  authorizeEndorser(user, input.organisatie);
  const own = user.organisatie;
  const org = stores.db.data.organisaties.find((o) => o.code === own.code);
  if (org === undefined) throw new NotFound(`Organisatie ${own.code} staat niet (meer) in het register.`);
  const version = namedVersion(repo, versie);
  requireNotAfterToday(input.besluit.datum, 'besluit.datum', now);
  const record = await stores.endorsements.endorse(() => {
    const existing = stores.endorsements.activeFor(repo.slug, version.naam, org.code);
    if (existing !== undefined) {
      throw new Conflict(`${org.naam} heeft versie ${version.naam} al onderschreven. Trek die onderschrijving eerst in om een nieuwe vast te leggen.`, {
        onderschrijving: existing.id,
      });
    }
    return {
      id: newId('ond'),
      document: repo.slug,
      organisatie: { code: org.code, naam: org.naam, type: org.type },
      versie: version.naam,
      commit: version.commit,
      tree: version.tree,
      status: 'actief',
      ondertekenaar: { naam: input.ondertekenaar.naam, functie: input.ondertekenaar.functie },
      besluit: { orgaan: input.besluit.orgaan, datum: input.besluit.datum, kenmerk: input.besluit.kenmerk, url: input.besluit.url },
      bron: 'dienst',
      door: partyOf(user),
      vastgelegd: now.toISOString(),
      intrekking: null,
    };
  });
  await stores.audit.append({
    actie: ENDORSED_ACTION,
    actor: auditActor(user),
    object: { soort: ENDORSEMENT_AUDIT_KIND, id: record.id },
    gegevens: endorsedAuditData(record),
  });
  return record;
}
