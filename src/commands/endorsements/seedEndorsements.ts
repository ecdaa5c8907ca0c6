/**
 * First start: version 1.0 of `digitale-stad` carries the endorsements the VNG members' letter reports
 * (`data/reference/ledenbrief-principes-digitale-stad.txt`): the authors Eindhoven and Amsterdam, and
 * Nijmegen, Tilburg, Breda, 's-Hertogenbosch, Helmond and Antwerpen. They are marked `bron: 'ledenbrief'`;
 * the letter names no signatories, dates or references, so those stay null (nothing is invented).
 *
 * Idempotent: an organisation that has any endorsement of that version from the letter (also a
 * withdrawn one: a withdrawal is never undone by a restart), or an active one, gets nothing new.
 * Write order per endorsement: the log first, then the audit entry (see reconcileEndorsements).
 */
import { endorsed } from '../../domain/auditEvents.js';
import { transitionEndorsement } from '../../domain/endorsementState.js';
import { newId } from '../../domain/secrets.js';
import type { Stores } from '../../storage/stores.js';

export const SEED_DOCUMENT = 'digitale-stad';
export const SEED_VERSION = '1.0';

/** The letter's endorsers in its order: first the two authors, then the others. */
export const LETTER_ENDORSERS: readonly { code: string; opmerking: string }[] = [
  { code: 'GM0772', opmerking: 'Opsteller van de principes (met Amsterdam), volgens de VNG-ledenbrief.' },
  { code: 'GM0363', opmerking: 'Opsteller van de principes (met Eindhoven), volgens de VNG-ledenbrief.' },
  { code: 'GM0268', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
  { code: 'GM0855', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
  { code: 'GM0758', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
  { code: 'GM0796', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
  { code: 'GM0794', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
  { code: 'BE-ANTWERPEN', opmerking: 'Onderschrijver volgens de VNG-ledenbrief.' },
];

export async function seedEndorsements(stores: Stores, now = new Date()): Promise<{ created: string[]; problems: string[] }> {
  const result = { created: [] as string[], problems: [] as string[] };
  if (!stores.documents.has(SEED_DOCUMENT)) return result;
  const repo = stores.documents.get(SEED_DOCUMENT);
  const version = repo.versions().find((v) => v.naam === SEED_VERSION);
  if (version === undefined) {
    result.problems.push(`${SEED_DOCUMENT} has no version ${SEED_VERSION}: the endorsements from the letter were not seeded`);
    return result;
  }
  for (const endorser of LETTER_ENDORSERS) {
    const seeded = stores.endorsements
      .forOrganisation(endorser.code)
      .some((r) => r.document === repo.slug && r.versie === version.naam && (r.bron === 'ledenbrief' || r.status === 'actief'));
    if (seeded) continue;
    const org = stores.db.data.organisaties.find((o) => o.code === endorser.code);
    if (org === undefined) {
      result.problems.push(`organisation ${endorser.code} is not in the register: its endorsement from the letter was not seeded`);
      continue;
    }
    const record = await stores.endorsements.endorse(() =>
      transitionEndorsement(undefined, {
        soort: 'vastleggen',
        endorsement: {
          id: newId('ond'),
          document: repo.slug,
          organisation: org,
          version,
          ondertekenaar: { naam: null, functie: null },
          besluit: { orgaan: null, datum: null, kenmerk: null, url: null },
          bron: 'ledenbrief',
          door: null,
          vastgelegd: now.toISOString(),
          opmerking: endorser.opmerking,
        },
      }),
    );
    await stores.audit.append(endorsed(null, record));
    result.created.push(org.code);
  }
  return result;
}
