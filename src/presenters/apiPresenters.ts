/**
 * Domain objects -> JSON API shapes (described in src/schemas). Field names are Dutch camelCase and are a
 * contract: add fields, never rename them. Times are UTC ISO-8601.
 */
import type { DocumentComparison } from '../domain/compare.js';
import { consolidatedMarkdown } from '../domain/documentModel.js';
import { findVersionState, namedVersionStatus, type NamedVersionStatus, type VersionStateRecord } from '../domain/versionStatus.js';
import { presentAlv } from './adoptionPresenters.js';
import { refName, summary, type DocumentAtRef, type HistoryItem } from '../queries/documentQueries.js';
import { statusOf } from '../queries/versionQueries.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { CommitInfo, Signature, VersionInfo } from '../storage/git/types.js';
import type { CommitJson, ComparisonJson, DocumentJson, HistoryItemJson, VersionJson, VersionSummaryJson } from '../schemas/documents.js';

export function isoTime(sig: Signature): string {
  return new Date(sig.timestamp * 1000).toISOString();
}

export function presentCommit(c: CommitInfo): CommitJson {
  return {
    commit: c.oid,
    tree: c.tree,
    ouders: c.parents,
    auteur: { naam: c.author.name, email: c.author.email },
    vastgelegdDoor: { naam: c.committer.name, email: c.committer.email },
    tijdstip: isoTime(c.committer),
    samenvatting: summary(c),
    bericht: c.message,
  };
}

/** A commit in a history page: the commit, what it was (see HistoryItem) and the amendment it belongs to. */
export function presentHistoryItem(item: HistoryItem): HistoryItemJson {
  const a = item.amendement;
  return {
    ...presentCommit(item.commit),
    soort: item.soort,
    versies: item.versions.map((v) => v.naam),
    amendement:
      a === null
        ? null
        : {
            nummer: a.nummer,
            titel: a.titel,
            status: a.status,
            indiener: { naam: a.indiener.naam, organisatie: a.indiener.organisatie },
            besluit: a.besluit
              ? { besluit: a.besluit.besluit, door: { naam: a.besluit.door.naam, organisatie: a.besluit.door.organisatie }, tijdstip: a.besluit.tijdstip, ...(a.besluit.commit ? { commit: a.besluit.commit } : {}) }
              : null,
          },
  };
}

export function presentVersionSummary(slug: string, v: VersionInfo, status: NamedVersionStatus = 'gepubliceerd'): VersionSummaryJson {
  return {
    document: slug,
    naam: v.naam,
    tag: v.tag,
    commit: v.commit,
    tree: v.tree,
    status,
    toelichting: v.message,
    tijdstip: isoTime(v.tagger),
  };
}

/** The status of a named version of document `slug`. */
export function versionStatusOf(states: readonly VersionStateRecord[], slug: string, naam: string): NamedVersionStatus {
  return namedVersionStatus(findVersionState(states, slug, naam));
}

export function presentDocumentAt(slug: string, at: DocumentAtRef, states: readonly VersionStateRecord[]): VersionJson {
  return {
    document: slug,
    naam: refName(at.ref),
    commit: at.ref.commit.oid,
    tree: at.ref.commit.tree,
    status: statusOf(at, states),
    titel: at.text.meta.titel,
    beschrijving: at.text.meta.beschrijving,
    ...(at.text.meta.bron !== undefined ? { bron: at.text.meta.bron } : {}),
    ...(at.ref.soort === 'versie' ? { toelichting: at.ref.versie.message, tijdstip: isoTime(at.ref.versie.tagger) } : {}),
    principes: at.text.principes.map((p) => ({ nummer: p.nummer, bestand: p.bestand, titel: p.titel, tekst: p.tekst })),
    markdown: consolidatedMarkdown(at.text),
    ...(at.ref.soort === 'versie' ? { alv: presentAlv(findVersionState(states, slug, at.ref.versie.naam)) } : {}),
  };
}

export function presentDocument(repo: DocumentRepository, draft: DocumentAtRef, states: readonly VersionStateRecord[]): DocumentJson {
  const versions = repo.versions();
  return {
    document: repo.slug,
    titel: draft.text.meta.titel,
    beschrijving: draft.text.meta.beschrijving,
    concept: { commit: draft.ref.commit.oid, tree: draft.ref.commit.tree, tijdstip: isoTime(draft.ref.commit.committer) },
    huidigeVersie: versions[0]?.naam ?? null,
    versies: versions.map((v) => presentVersionSummary(repo.slug, v, versionStatusOf(states, repo.slug, v.naam))),
  };
}

export function presentComparison(slug: string, van: DocumentAtRef, naar: DocumentAtRef, diff: DocumentComparison): ComparisonJson {
  return {
    document: slug,
    van: { naam: refName(van.ref), commit: van.ref.commit.oid },
    naar: { naam: refName(naar.ref), commit: naar.ref.commit.oid },
    gewijzigd: diff.gewijzigd,
    metaGewijzigd: diff.metaGewijzigd,
    afgebroken: diff.afgebroken,
    principes: diff.principes,
  };
}
