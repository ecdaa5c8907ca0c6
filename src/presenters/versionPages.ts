/**
 * What the pages of a document at a version show besides its text (views/pages/version.ejs, home.ejs,
 * principle.ejs and the ALV panel): its name and status, the version switcher, the ALV record, and
 * whether the draft moved on since the newest version.
 */
import { amsterdamDate } from '../domain/calendar.js';
import { refName, type Comparison } from '../queries/documentQueries.js';
import type { VersionPageData } from '../queries/versionQueries.js';
import type { VersionInfo } from '../storage/git/types.js';

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

function refErrorText(name: string): string {
  const which = name === 'van' ? 'de oude versie ("van")' : 'de nieuwe versie ("naar")';
  return `Kies ${which}: een versienaam zoals 1.0, "concept" of een commit.`;
}

/**
 * The model of the compare page: the form (the draft and every version to choose from, by default the
 * newest version against the draft) and either the comparison, the empty form, or the Dutch errors of
 * the refs that are missing or malformed (`van`, `naar`).
 */
export function compareModel(
  slug: string,
  versions: readonly VersionInfo[],
  shown: { result: Comparison; query: { van: string; naar: string }; weergave: string } | { errors: readonly string[]; query: unknown } | null,
) {
  const defaults = { van: versions[0]?.naam ?? 'concept', naar: 'concept' };
  const base = { title: 'Vergelijken', slug, options: refOptions(versions), defaults, result: null, errors: [] as { name: string; reason: string }[], weergave: 'inline', query: defaults as unknown };
  if (shown === null) return base;
  if ('errors' in shown) return { ...base, errors: shown.errors.map((name) => ({ name, reason: refErrorText(name) })), query: shown.query };
  return { ...base, ...shown };
}
