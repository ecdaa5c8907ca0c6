/**
 * What the pages of a document at a version show besides its text (views/pages/version.ejs, home.ejs,
 * principle.ejs and the ALV panel): its name and status, the version switcher, the ALV record, and
 * whether the draft moved on since the newest version.
 */
import { amsterdamDate } from '../domain/calendar.js';
import { refName } from '../queries/documentQueries.js';
import type { VersionPageData } from '../queries/versionQueries.js';
import type { VersionInfo } from '../storage/gitStore.js';

/** Options for the version switcher and the compare form: the draft and every named version. */
export function refOptions(versions: readonly VersionInfo[]): { value: string; label: string }[] {
  return [{ value: 'concept', label: 'Concept (huidige tekst)' }, ...versions.map((v) => ({ value: v.naam, label: `Versie ${v.naam}` }))];
}

export function versionPageModel(data: VersionPageData, now = new Date()) {
  const { at, versions, head } = data;
  const latest = versions[0];
  return {
    slug: at.repo.slug,
    at,
    naam: refName(at.ref),
    status: data.status,
    /** For the text of an amendment's commit (never the draft): the amendment it belongs to, when known. */
    amendement: data.amendment === null ? null : { nummer: data.amendment.nummer, titel: data.amendment.titel },
    /** The ALV record of a named version (agenda, decision text, decisions); undefined otherwise or when none. */
    alv: data.alv,
    options: refOptions(versions),
    versions,
    latest,
    draftDiffersFromLatest: latest !== undefined && latest.tree !== head.tree,
    headOid: head.oid,
    /** Today in the Netherlands: the default (and latest possible) date of the assembly's decision. */
    vandaag: amsterdamDate(now),
  };
}

/** How a page title names a ref: `concept`, `versie 1.0` or `commit 0123456789`. */
export function refLabel(naam: string): string {
  if (naam === 'concept') return 'concept';
  if (/^\d+\.\d+$/.test(naam)) return `versie ${naam}`;
  return `commit ${naam.slice(0, 10)}`;
}
