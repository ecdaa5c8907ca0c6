/**
 * At start. Every amendment write goes git first, then its record, then the audit entry (docs/storage.md,
 * "Crashes between the steps of one write"): a crash between writing an amendment's branch and its
 * record leaves a branch without a record; a repository older than the records leaves records pointing
 * at commits that are missing. Nothing is silently dropped:
 * - a branch `amendementen/<n>` without a record whose tip is a single proposal commit on top of a
 *   draft commit is repaired: the record is rebuilt from the commit (title and motivation from its
 *   message; the proposer's account and name and the organisation from its trailers, see
 *   proposalMessage in amendments/amendmentSupport.ts) and marked as reconstructed in the audit log;
 * - anything else (a branch with more history, a record whose revision commit is missing) is reported.
 */
import type { Party } from '../../domain/amendmentModel.js';
import { newAmendment } from '../../domain/amendmentState.js';
import { messageParts, trailerValue } from '../../domain/commitTrailers.js';
import { amendmentRecovered } from '../../domain/auditEvents.js';
import { parseDocumentFiles } from '../../domain/documentModel.js';
import type { CommitInfo } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';
import { addAmendment, revisionFacts } from '../amendments/amendmentSupport.js';

export interface ReconcileReport {
  repaired: string[];
  problems: string[];
}

export async function reconcileAmendments(stores: Stores, now = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { repaired: [], problems: [] };
  for (const repo of stores.documents.list()) {
    const records = stores.amendments.list(repo.slug);
    for (const r of records) {
      for (const rev of r.revisies) {
        try {
          repo.getCommit(rev.commit);
        } catch {
          report.problems.push(`${repo.slug}: amendement ${r.nummer} verwijst naar revisie ${rev.commit}, die niet in de repository staat`);
        }
      }
      if (r.status === 'ingediend' && repo.branchTip(r.branch) !== (r.revisies.at(-1)?.commit ?? null)) {
        report.problems.push(`${repo.slug}: de tak ${r.branch} staat niet op de laatste revisie van amendement ${r.nummer}`);
      }
    }
    const known = new Set(records.map((r) => r.branch));
    for (const branch of repo.branches('amendementen/')) {
      if (known.has(branch.name)) continue;
      const m = /^amendementen\/(\d+)$/.exec(branch.name);
      const tip = repo.getCommit(branch.oid);
      const basis = tip.parents[0];
      const onMain = basis !== undefined && tip.parents.length === 1 && repo.isAncestor(basis, repo.head().oid);
      if (!m || !onMain || basis === undefined) {
        report.problems.push(`${repo.slug}: tak ${branch.name} heeft geen gegevens en kan niet automatisch worden hersteld`);
        continue;
      }
      const nummer = Number(m[1]);
      const { titel, toelichting, door } = fromProposalCommit(stores, nummer, tip);
      const [baseFiles, tipFiles] = await Promise.all([repo.readFiles(basis), repo.readFiles(tip.oid)]);
      const tijdstip = new Date(tip.author.timestamp * 1000).toISOString();
      const record = newAmendment({
        document: repo.slug,
        nummer,
        titel,
        toelichting,
        branch: branch.name,
        indiener: door,
        revisies: [{ commit: tip.oid, basis, soort: 'voorstel', ...revisionFacts(baseFiles, tipFiles), door, tijdstip }],
        aangemaakt: tijdstip,
        gewijzigd: now.toISOString(),
      });
      // Sanity: the rebuilt record must describe a real change.
      if (parseDocumentFiles(baseFiles).principes.length === 0 && parseDocumentFiles(tipFiles).principes.length === 0) {
        report.problems.push(`${repo.slug}: tak ${branch.name} bevat geen principes`);
        continue;
      }
      await addAmendment(stores, record);
      await stores.audit.append(amendmentRecovered({ document: repo.slug, nummer }, { tak: branch.name, revisie: tip.oid, basis }));
      report.repaired.push(`${repo.slug}#${nummer}`);
    }
  }
  return report;
}

/**
 * Title, motivation and proposer of an amendment from its proposal commit. The trailers name the
 * proposer's account and the organisation (its current name from the register when it is still there),
 * so the proposer can act on the rebuilt amendment as before. A commit written before trailers existed
 * gives only the author's name, without an account or organisation.
 */
function fromProposalCommit(stores: Stores, nummer: number, tip: CommitInfo): { titel: string; toelichting: string; door: Party } {
  const parts = messageParts(tip.message);
  const titel = parts.subject.replace(/^Amendement \d+:\s*/, '').trim() || `Amendement ${nummer}`;
  const account = trailerValue(parts.trailers, 'Indiener-Account');
  if (account === undefined) {
    const body = tip.message.split('\n').slice(1).join('\n').trim();
    return { titel, toelichting: body || '(toelichting niet teruggevonden)', door: { gebruiker: 'onbekend', naam: tip.author.name, organisatie: null } };
  }
  const code = trailerValue(parts.trailers, 'Organisatie');
  const registered = code === undefined ? undefined : stores.db.data.organisaties.find((o) => o.code === code);
  const organisatie = code === undefined ? null : { code, naam: registered?.naam ?? trailerValue(parts.trailers, 'Organisatie-Naam') ?? code };
  return {
    titel,
    toelichting: parts.body || '(toelichting niet teruggevonden)',
    door: { gebruiker: account, naam: trailerValue(parts.trailers, 'Indiener') ?? tip.author.name, organisatie },
  };
}
