/** Amendments as the API shows them (field names are a contract with the API's clients: add, never rename). */
import { currentRevision, type AmendmentRecord, type Party } from '../domain/amendmentModel.js';
import { anchorLocator, isOutdated } from '../domain/commentAnchors.js';
import type { AmendmentDetail, Mergeability } from '../queries/amendmentQueries.js';
import { reviewStates } from '../domain/reviewRules.js';
import type { AmendmentJson, AmendmentSummaryJson } from '../schemas/amendments.js';

function party(p: Party) {
  return { naam: p.naam, organisatie: p.organisatie };
}

export function presentAmendment(r: AmendmentRecord, merge?: Mergeability): AmendmentSummaryJson {
  const rev = currentRevision(r);
  return {
    document: r.document,
    nummer: r.nummer,
    titel: r.titel,
    toelichting: r.toelichting,
    status: r.status,
    basis: rev.basis,
    revisie: rev.commit,
    tak: r.branch,
    indiener: party(r.indiener),
    medeIndieners: r.medeIndieners.filter((m) => m.ingetrokken === null).map((m) => ({ organisatie: m.organisatie, door: m.door.naam, tijdstip: m.tijdstip })),
    beoordelingen: reviewStates(r).map((b) => ({
      id: b.id,
      door: party(b.door),
      oordeel: b.oordeel,
      toelichting: b.toelichting,
      revisie: b.revisie,
      geldig: b.geldig,
      tijdstip: b.tijdstip,
    })),
    ...(merge ? { samenvoegbaar: merge.samenvoegbaar } : {}),
    besluit: r.besluit ? { besluit: r.besluit.besluit, reden: r.besluit.reden, door: party(r.besluit.door), tijdstip: r.besluit.tijdstip, ...(r.besluit.commit ? { commit: r.besluit.commit } : {}) } : null,
    aangemaakt: r.aangemaakt,
    gewijzigd: r.gewijzigd,
  };
}

export function presentAmendmentDetail(d: AmendmentDetail): AmendmentJson {
  const r = d.record;
  const locate = anchorLocator(d.revisionText);
  return {
    ...presentAmendment(r, d.mergeability),
    conflicten: d.mergeability.conflicten,
    bestandsconflicten: d.mergeability.bestandsconflicten,
    raaktOok: d.raaktOok,
    geldigeGoedkeuringen: d.validApprovals,
    revisies: r.revisies.map((x) => ({ commit: x.commit, basis: x.basis, soort: x.soort, door: party(x.door), tijdstip: x.tijdstip })),
    reacties: r.reacties.map((c) => ({ id: c.id, door: party(c.door), tekst: c.tekst, anker: c.anker, verouderd: isOutdated(c, locate), tijdstip: c.tijdstip })),
    wijziging: { gewijzigd: d.diff.gewijzigd, afgebroken: d.diff.afgebroken, principes: d.diff.principes.filter((p) => p.soort !== 'ongewijzigd') },
  };
}
