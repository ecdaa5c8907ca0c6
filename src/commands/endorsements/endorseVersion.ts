/**
 * Endorse a named version for one's own organisation (vertegenwoordiger; the policy
 * `endorsement:give`): the record pins the version name, its commit and its tree, with the
 * signatory and the decision (deciding body, date, reference, optional link).
 *
 * Order of the answers: an unknown document 404; not signed in 401, another role or another
 * organisation (also one the body names) 403, before anything else about the request is told; an
 * unknown version 404 and the draft or a bare commit 409; invalid input 400 (a decision date after
 * today in Europe/Amsterdam too); a second active endorsement of the organisation for the version 409
 * (checked inside the log's lock, so two requests at once cannot both pass).
 *
 * Write order: the endorsement event first (durable), then the audit entry (durable); the caller
 * answers only after both. A crash in between leaves an endorsement without its audit entry, which
 * `reconcileEndorsements` adds at the next start (marked `hersteld`).
 */
import { partyOf } from '../../domain/actors.js';
import { endorsed } from '../../domain/auditEvents.js';
import { requireNotAfterToday } from '../../domain/calendar.js';
import type { EndorsementRecord } from '../../domain/endorsementModel.js';
import { transitionEndorsement } from '../../domain/endorsementState.js';
import { newId } from '../../domain/secrets.js';
import { Conflict, NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorizeEndorsement } from '../../policies/policies.js';
import { versionToEndorse } from '../../queries/versionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { endorseSchema } from '../../schemas/endorsements.js';

/** The organisation a body names, if it names one (only the caller's own is allowed: 403 otherwise). */
function namedOrganisation(input: unknown): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>).organisatie : undefined;
}

/** `input`: `{organisatie?, ondertekenaar: {naam, functie}, besluit: {orgaan, datum, kenmerk, url}}`. */
export async function endorseVersion(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  versie: string,
  input: unknown,
  now = new Date(),
): Promise<EndorsementRecord> {
  const repo = stores.documents.get(slug);
  authorizeEndorsement(user, namedOrganisation(input));
  const version = versionToEndorse(repo, versie);
  const valid = parseInput(endorseSchema, input, 'De onderschrijving');
  const own = user.organisatie;
  const org = stores.db.data.organisaties.find((o) => o.code === own.code);
  if (org === undefined) throw new NotFound(`Organisatie ${own.code} staat niet (meer) in het register.`);
  requireNotAfterToday(valid.besluit.datum, 'besluit.datum', now);
  const record = await stores.endorsements.endorse(() => {
    const existing = stores.endorsements.activeFor(repo.slug, version.naam, org.code);
    if (existing !== undefined) {
      throw new Conflict(`${org.naam} heeft versie ${version.naam} al onderschreven. Trek die onderschrijving eerst in om een nieuwe vast te leggen.`, {
        onderschrijving: existing.id,
      });
    }
    return transitionEndorsement(undefined, {
      soort: 'vastleggen',
      endorsement: {
        id: newId('ond'),
        document: repo.slug,
        organisation: org,
        version,
        ondertekenaar: { naam: valid.ondertekenaar.naam, functie: valid.ondertekenaar.functie },
        besluit: { orgaan: valid.besluit.orgaan, datum: valid.besluit.datum, kenmerk: valid.besluit.kenmerk, url: valid.besluit.url },
        bron: 'dienst',
        door: partyOf(user),
        vastgelegd: now.toISOString(),
      },
    });
  });
  await stores.audit.append(endorsed(user, record));
  return record;
}
