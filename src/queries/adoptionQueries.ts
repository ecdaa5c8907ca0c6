/**
 * Read side of the ALV adoption: gathers everything the adoption document of one named version
 * depends on (texts from git, the version records and organisations from db.json, amendments,
 * endorsements, the audit log) and builds the model (src/domain/adoptionDocument.ts).
 * Used by the API, the web pages and the CLI alike, so all three give the same bytes.
 *
 * For the redline's attribution it walks the draft's own line (main's first parents) from the baseline's
 * commit to the version's: each step is an amendment's merge commit or a commit made on the draft
 * directly, and only the files a step changed are read. The steps are read a few at a time and handed
 * to the model in order, so a long history is never held in memory at once.
 */
import {
  amendmentWindow,
  auditAnchor,
  buildAdoptionDocument,
  chooseBaseline,
  generationTime,
  relevantEndorsements,
  type AdoptionDocument,
  DraftHistory,
  type AdoptionVersion,
  type AmendmentInput,
} from '../domain/adoptionDocument.js';
import type { AmendmentRecord } from '../domain/amendmentModel.js';
import { isPrincipleFile, parseDocumentFiles, type DocumentText } from '../domain/documentModel.js';
import { mapLimited, READ_FAN_OUT } from '../collections.js';
import type { EndorsementReader } from '../domain/endorsementModel.js';
import { adopts, compareVersionNames, findVersionState } from '../domain/versionStatus.js';
import type { AuditEntry } from '../domain/auditChain.js';
import { versionAuditId } from '../domain/auditEvents.js';
import { findNamedVersion } from './versionQueries.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { CommitInfo, VersionInfo } from '../storage/git/types.js';
import type { Stores } from '../storage/stores.js';

export interface AdoptionOptions {
  /** Absolute base URL for links in the document (PUBLIC_URL). */
  publicUrl: string;
  /** Where endorsements come from; defaults to the store's endorsement log. */
  endorsements?: EndorsementReader;
}

async function textAt(repo: DocumentRepository, commit: string): Promise<DocumentText> {
  return parseDocumentFiles(await repo.readFiles(commit));
}

/** Steps of the draft read ahead at once (their changed files), before they are applied in order. */
const STEP_BATCH = 16;

/**
 * The draft's steps from the baseline commit to the version commit, with who made each: the amendment
 * whose merge commit it is, else the commit's committer. Null when the baseline is not on that line.
 */
async function draftHistory(repo: DocumentRepository, from: string, to: string, records: readonly AmendmentRecord[]): Promise<DraftHistory | null> {
  const line = repo.firstParentLine(from, to);
  if (line === null) return null;
  const merges = new Map<string, AmendmentRecord>();
  for (const a of records) if (a.besluit?.besluit === 'overgenomen' && a.besluit.commit !== undefined) merges.set(a.besluit.commit, a);
  const history = new DraftHistory();
  const changed = (c: CommitInfo) => {
    const parent = c.parents[0];
    if (parent === undefined) throw new Error(`commit ${c.oid} on the draft's line has no parent`);
    return repo.changedFiles(parent, c.oid, isPrincipleFile);
  };
  for (let k = 0; k < line.length; k += STEP_BATCH) {
    const batch = line.slice(k, k + STEP_BATCH);
    const files = await mapLimited(batch, READ_FAN_OUT, changed);
    batch.forEach((c, i) => {
      history.add({
        amendement: merges.get(c.oid) ?? null,
        commit: c.oid,
        vastgelegdDoor: c.committer.name,
        tijdstip: new Date(c.committer.timestamp * 1000).toISOString(),
        bestanden: (files[i] ?? []).map((f) => ({ bestand: f.path, voor: f.before, na: f.after })),
      });
    });
  }
  return history;
}

/**
 * When a version was named, to the millisecond when the audit log has its `versie-benoemd` entry,
 * else the tag's time (whole seconds; the seed's 1.0 has no audit entry). `end` widens a tag time
 * to the end of its second, for the upper bound of a window.
 */
function namedAt(version: VersionInfo, slug: string, entries: readonly AuditEntry[], end: boolean): number {
  const id = versionAuditId(slug, version.naam);
  const entry = entries.find((e) => e.actie === 'versie-benoemd' && e.object.id === id);
  if (entry !== undefined) return Date.parse(entry.tijdstip);
  return version.tagger.timestamp * 1000 + (end ? 999 : 0);
}

export async function adoptionDocument(stores: Stores, slug: string, versie: string, opts: AdoptionOptions): Promise<AdoptionDocument> {
  const { repo, version } = findNamedVersion(stores, slug, versie);
  const states = stores.db.data.versies;
  const entries = stores.audit.entries();
  const versions = repo.versions();

  const chosen = chooseBaseline(
    versions.map((v) => v.naam),
    states,
    repo.slug,
    version.naam,
  );
  const baselineRef = repo.resolve(chosen.naam);
  if (baselineRef.soort !== 'versie') throw new Error(`baseline ${chosen.naam} is not a version`);
  const baselineVersion = baselineRef.versie;
  const zelfde = baselineVersion.naam === version.naam;
  const [text, baselineText] = await Promise.all([textAt(repo, version.commit), textAt(repo, baselineVersion.commit)]);

  const adoptionVersion: AdoptionVersion = {
    naam: version.naam,
    tag: version.tag,
    commit: version.commit,
    tree: version.tree,
    benoemd: new Date(namedAt(version, repo.slug, entries, false)).toISOString(),
  };

  const records = stores.amendments.list(repo.slug);
  const window = zelfde
    ? []
    : amendmentWindow(records, {
        mergedInVersion: (c) => repo.isAncestor(c, version.commit),
        mergedInBaseline: (c) => repo.isAncestor(c, baselineVersion.commit),
        fromMs: namedAt(baselineVersion, repo.slug, entries, false),
        toMs: namedAt(version, repo.slug, entries, true),
      });
  const amendments: AmendmentInput[] = window.map((record) => ({ record }));
  const history = zelfde ? null : await draftHistory(repo, baselineVersion.commit, version.commit, records);

  const reader: EndorsementReader = opts.endorsements ?? stores.endorsements;
  const endorsements = relevantEndorsements(reader.all(), repo.slug, version.naam);
  const municipalities = stores.db.data.organisaties.filter((o) => o.type === 'gemeente').length;

  const aangemaakt = generationTime({ version: adoptionVersion, slug: repo.slug, states, amendments: window, endorsements });
  const ids = new Set<string>([versionAuditId(repo.slug, version.naam)]);
  for (const s of states) {
    if (s.document === repo.slug && compareVersionNames(s.versie, version.naam) < 0 && s.besluiten.some((b) => adopts(b.uitkomst))) ids.add(versionAuditId(repo.slug, s.versie));
  }
  for (const a of window) ids.add(`${repo.slug}#${a.nummer}`);
  for (const e of endorsements) ids.add(e.id);
  const anchor = auditAnchor(entries, aangemaakt, ids);

  return buildAdoptionDocument({
    slug: repo.slug,
    publicUrl: opts.publicUrl,
    version: adoptionVersion,
    text,
    baseline: { naam: baselineVersion.naam, commit: baselineVersion.commit, text: baselineText, vastgesteld: chosen.vastgesteld },
    state: findVersionState(states, repo.slug, version.naam),
    amendments,
    history,
    endorsements,
    municipalities,
    aangemaakt,
    audit: anchor === null ? null : { hash: anchor.hash, volgnummer: anchor.volgnummer, tijdstip: anchor.tijdstip },
  });
}
