/**
 * At start: the amendment writes that git recorded are complete in the metadata and the audit log.
 * Each amendment verb writes git first, then the record (amendementen/<document>/<n>.json), then the audit entry; a
 * crash between two steps leaves the later ones missing:
 * - a merge commit on main for an amendment that is still open: the decision is completed from the
 *   merge (record and audit entry, both marked `hersteld`; mergedDecision.ts);
 * - a recorded proposal, revision or decision without its audit entry: the entry is added from the
 *   record, marked `hersteld: true` (its `tijdstip` is the time of the repair; the record keeps its own).
 * Something that cannot be completed (an amendment withdrawn or rejected whose revision is merged on
 * main anyway) is reported, never changed.
 */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import type { AuditEntry } from '../../domain/auditChain.js';
import { amendmentDecided, amendmentProposed, amendmentRevised, decisionAction, type AuditEvent } from '../../domain/auditEvents.js';
import type { Stores } from '../../storage/stores.js';
import { completeMergedDecision, findMergeOnMain, mergesOnMain } from '../amendments/mergedDecision.js';

export interface DecisionReconcileReport {
  /** What was completed, one line each (for the start-up log). */
  repaired: string[];
  problems: string[];
}

/** A rebuilt amendment (reconcileAmendments) has `amendement-hersteld` instead of its proposal entry. */
const PROPOSAL_ACTIONS = ['amendement-ingediend', 'amendement-hersteld'];
const REVISION_ACTIONS = ['amendement-herzien', 'amendement-bijgewerkt'];

function key(actie: string, id: string, revisie?: unknown): string {
  return `${actie}\u0000${id}\u0000${typeof revisie === 'string' ? revisie : ''}`;
}

export async function reconcileDecisions(stores: Stores, now = new Date()): Promise<DecisionReconcileReport> {
  const report: DecisionReconcileReport = { repaired: [], problems: [] };
  const audited = new Set<string>();
  const note = (e: Pick<AuditEntry, 'actie' | 'object' | 'gegevens'>) => {
    audited.add(key(e.actie, e.object.id));
    if (REVISION_ACTIONS.includes(e.actie)) audited.add(key('revisie', e.object.id, e.gegevens?.revisie));
  };
  for (const e of stores.audit.entries()) if (e.object.soort === 'amendement') note(e);

  const add = async (record: AmendmentRecord, event: AuditEvent, what: string) => {
    const entry = await stores.audit.append(event);
    note(entry);
    report.repaired.push(`${record.document}#${record.nummer}: ${what}`);
  };

  for (const repo of stores.documents.list()) {
    const records = stores.amendments.list(repo.slug);
    if (records.length === 0) continue;
    const merges = mergesOnMain(repo);
    for (const original of records) {
      let record = original;
      const id = `${repo.slug}#${record.nummer}`;
      const found = findMergeOnMain(repo, record, merges);
      if (found !== null && record.status === 'ingediend') {
        record = await completeMergedDecision(stores, repo, record, found, now);
        note({ actie: 'amendement-overgenomen', object: { soort: 'amendement', id }, gegevens: {} });
        report.repaired.push(`${id}: the decision to merge was completed from merge commit ${found.merge.oid} on main`);
      } else if (found !== null && record.status !== 'overgenomen') {
        report.problems.push(`${id} is ${record.status}, but its revision ${found.revisie} was merged into main by ${found.merge.oid}; check it by hand`);
      }

      const [first, ...later] = record.revisies;
      if (first !== undefined && !PROPOSAL_ACTIONS.some((a) => audited.has(key(a, id)))) {
        const facts = { titel: record.titel, basis: first.basis, revisie: first.commit, organisatie: record.indiener.organisatie?.code ?? null };
        await add(record, amendmentProposed({ party: record.indiener }, record, facts, { hersteld: true }), 'added the missing audit entry of its proposal');
      }
      for (const rev of later) {
        if (audited.has(key('revisie', id, rev.commit))) continue;
        const event = amendmentRevised({ party: rev.door }, record, rev.soort === 'bijwerken' ? 'bijwerken' : 'tekst', { revisie: rev.commit, basis: rev.basis }, { hersteld: true });
        await add(record, event, `added the missing audit entry of revision ${rev.commit}`);
      }
      const besluit = record.besluit;
      if (besluit !== null && !audited.has(key(decisionAction(besluit.besluit), id))) {
        const facts = {
          reden: besluit.reden,
          ...(besluit.besluit !== 'ingetrokken' ? { revisie: record.revisies.at(-1)?.commit ?? null } : {}),
          ...(besluit.commit !== undefined ? { commit: besluit.commit } : {}),
        };
        await add(record, amendmentDecided({ party: besluit.door }, record, besluit.besluit, facts, { hersteld: true }), `added the missing audit entry of its decision (${besluit.besluit})`);
      }
    }
  }
  return report;
}
