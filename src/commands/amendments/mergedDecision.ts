/**
 * A decision to merge whose merge commit reached `main` while its record or audit entry did not (the
 * process was killed between the git step and the metadata, or saving the record failed). Git is the
 * truth: the amendment was merged. Such an amendment is never merged a second time: the decision verb
 * and the start-up reconciliation both find the merge and complete the record from it, marked
 * `hersteld`, with its audit entry (also marked `hersteld`).
 */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { isFinal, transitionAmendment } from '../../domain/amendmentState.js';
import { Conflict } from '../../errors.js';
import type { DocumentRepository } from '../../storage/git/repository.js';
import type { CommitInfo } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';
import { amendmentDecided } from '../../domain/auditEvents.js';
import { partyFromSignature } from '../setup/recoveredParty.js';
import { saveAmendment } from './amendmentSupport.js';

export interface MergeOnMain {
  /** The merge commit on main's first-parent line. */
  merge: CommitInfo;
  /** The amendment revision it merged (its second parent). */
  revisie: string;
}

/**
 * Every merge on main's first-parent line (the draft's own history), by the commit it merged in.
 * One walk over main: at start this is done once per document for all amendments.
 */
export function mergesOnMain(repo: DocumentRepository): Map<string, CommitInfo> {
  const merges = new Map<string, CommitInfo>();
  for (let c: CommitInfo | undefined = repo.head(); c !== undefined; c = c.parents[0] === undefined ? undefined : repo.getCommit(c.parents[0])) {
    for (const p of c.parents.slice(1)) if (!merges.has(p)) merges.set(p, c);
  }
  return merges;
}

/**
 * The merge of one of the amendment's revisions on main, or null. With `merges` (all of main's merges,
 * at start) a lookup per revision; without, a reachability check first, so the usual case (not merged)
 * never walks main.
 */
export function findMergeOnMain(repo: DocumentRepository, record: AmendmentRecord, merges?: ReadonlyMap<string, CommitInfo>): MergeOnMain | null {
  let all = merges;
  if (all === undefined) {
    const head = repo.head().oid;
    // A revision is a commit of the amendment's branch; it becomes reachable from main only by being merged.
    if (!record.revisies.some((r) => isKnownAncestor(repo, r.commit, head))) return null;
    all = mergesOnMain(repo);
  }
  for (const r of [...record.revisies].reverse()) {
    const merge = all.get(r.commit);
    if (merge !== undefined) return { merge, revisie: r.commit };
  }
  return null;
}

function isKnownAncestor(repo: DocumentRepository, oid: string, head: string): boolean {
  try {
    repo.getCommit(oid);
  } catch {
    return false;
  }
  return repo.isAncestor(oid, head);
}

/** The reason the secretary gave, from the merge commit's message (written by decideAmendment). */
function reasonFrom(message: string): string {
  const m = /\nReden: ([\s\S]*?)\nRevisie: [0-9a-f]{40}/.exec(message);
  return m?.[1]?.trim() || '(reden niet teruggevonden in de samenvoeging)';
}

/** Records the decision the merge commit shows: status, decision (hersteld) and its audit entry. */
export async function completeMergedDecision(stores: Stores, repo: DocumentRepository, record: AmendmentRecord, found: MergeOnMain, now = new Date()): Promise<AmendmentRecord> {
  const door = partyFromSignature(stores, found.merge.committer);
  const reden = reasonFrom(found.merge.message);
  const updated = transitionAmendment(record, 'overnemen', {
    besluit: { reden, door, tijdstip: new Date(found.merge.committer.timestamp * 1000).toISOString(), commit: found.merge.oid, hersteld: true },
    gewijzigd: now.toISOString(),
  });
  await saveAmendment(stores, updated);
  await stores.audit.append(amendmentDecided({ party: door }, { document: repo.slug, nummer: record.nummer }, 'overgenomen', { reden, revisie: found.revisie, commit: found.merge.oid }, { hersteld: true }));
  return updated;
}

/**
 * The guard of the verbs that end an amendment (decide, withdraw): when an open amendment's merge is
 * already on main, its decision is completed from that merge and the request is refused (409), so a
 * second merge (or a withdrawal of merged text) cannot happen.
 */
export async function refuseIfMerged(stores: Stores, repo: DocumentRepository, record: AmendmentRecord, now = new Date()): Promise<void> {
  if (isFinal(record.status)) return;
  const found = findMergeOnMain(repo, record);
  if (found === null) return;
  const completed = await completeMergedDecision(stores, repo, record, found, now);
  throw new Conflict(
    `Amendement ${record.nummer} is al overgenomen: de samenvoeging ${found.merge.oid.slice(0, 7)} staat in het concept. Het besluit is nu vastgelegd; er wordt niets opnieuw samengevoegd.`,
    { status: completed.status, commit: found.merge.oid },
  );
}
