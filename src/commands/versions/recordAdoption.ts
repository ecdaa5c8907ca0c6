/**
 * Record the assembly's decision on a version that is on its agenda (secretaris): date, outcome,
 * weighted vote percentages and the reference. The decision closes the agenda item. An adopting
 * outcome (aangenomen, bij acclamatie, gewijzigd) makes the version `vastgesteld`: final, its tag is
 * never moved or deleted, and it becomes the baseline of the next adoption document's redline.
 * A decision on a version that is not `ter-vaststelling` (never scheduled, already decided) is 409;
 * a decision dated after today (Europe/Amsterdam) is 400: it has not been taken yet.
 */
import { adopts, namedVersionStatus, type VersionStateRecord, type VotePercentages } from '../../domain/versionStatus.js';
import { requireNotAfterToday } from '../../domain/calendar.js';
import { Conflict, InvalidInput, type FieldError } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../amendments/amendmentSupport.js';
import { auditActor } from '../users/userRules.js';
import { requireNotAdopted } from './scheduleVersion.js';
import { findNamedVersion, updateVersionState, versionAuditId } from './versionStateSupport.js';
import type { z } from 'zod';
import type { adoptionSchema } from '../../schemas/adoption.js';

/** What adoptionSchema lets through (src/schemas/adoption.ts). */
export type RecordAdoptionInput = z.output<typeof adoptionSchema>;

/** Each percentage 0..100, together at most 100 (abstentions and absent votes may leave a rest). */
export function percentageErrors(p: VotePercentages): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['voor', 'tegen', 'onthouding'] as const) {
    const v = p[key];
    if (!Number.isFinite(v) || v < 0 || v > 100) errors.push({ name: `percentages.${key}`, reason: 'Een percentage van 0 tot en met 100.' });
  }
  // Compare in hundredths, so 33.33 + 33.33 + 33.34 is exactly 100.
  const total = Math.round(p.voor * 100) + Math.round(p.tegen * 100) + Math.round(p.onthouding * 100);
  if (errors.length === 0 && total > 10000) errors.push({ name: 'percentages', reason: 'Voor, tegen en onthouding samen zijn hoogstens 100 procent.' });
  return errors;
}

export async function recordAdoption(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: RecordAdoptionInput, now = new Date()): Promise<VersionStateRecord> {
  const nv = findNamedVersion(stores, slug, versie);
  authorize(user, 'version:adopt');
  requireNotAfterToday(input.datum, 'datum', now);
  if (input.percentages !== null) {
    const errors = percentageErrors(input.percentages);
    if (errors.length > 0) throw new InvalidInput('De stemverhouding is niet geldig.', errors);
  }
  const door = partyOf(user);
  const record = await updateVersionState(stores, nv, (r, all) => {
    requireNotAdopted(r, all);
    const agenda = r.agendering;
    if (agenda === null || namedVersionStatus(r) !== 'ter-vaststelling') {
      throw new Conflict(`Versie ${r.versie} staat niet ter vaststelling op de agenda van de ALV; agendeer haar eerst.`, { versie: r.versie, status: namedVersionStatus(r) });
    }
    r.besluiten.push({
      alvDatum: agenda.alvDatum,
      datum: input.datum,
      uitkomst: input.uitkomst,
      percentages: input.percentages,
      kenmerk: input.kenmerk,
      door,
      tijdstip: now.toISOString(),
    });
    r.agendering = null;
  });
  await stores.audit.append({
    actie: adopts(input.uitkomst) ? 'versie-vastgesteld' : `versie-${input.uitkomst}`,
    actor: auditActor(user),
    object: { soort: 'versie', id: versionAuditId(nv.repo.slug, nv.version.naam) },
    gegevens: {
      document: nv.repo.slug,
      versie: nv.version.naam,
      commit: nv.version.commit,
      tree: nv.version.tree,
      tag: nv.version.tagOid,
      datum: input.datum,
      uitkomst: input.uitkomst,
      percentages: input.percentages,
      kenmerk: input.kenmerk,
    },
  });
  return record;
}
