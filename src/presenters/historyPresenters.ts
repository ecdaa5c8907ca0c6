/**
 * What the history pages show per commit (views/pages/history.ejs). A commit on the draft's own line is
 * a state of the document: its text is a historical text. A merge on that line is the secretary's
 * decision on an amendment (decided by the committer, proposed by the author). A commit of an
 * amendment's branch was never the draft: it links to its amendment, not to "the text after it".
 */
import { AMENDMENT_STATUS_LABEL } from '../domain/amendmentModel.js';
import { summary, type HistoryItem, type HistoryPage, type HistoryView } from '../queries/documentQueries.js';
import { HISTORY_VIEWS } from '../schemas/documents.js';
import type { CommitInfo, VersionInfo } from '../storage/git/types.js';

export interface HistoryEntry {
  commit: CommitInfo;
  soort: HistoryItem['soort'];
  summary: string;
  versions: VersionInfo[];
  /** The author: who made the change (for a decision: the amendment's proposer). */
  door: string;
  /** For a decision: the secretary who decided (the committer). */
  besluitDoor: string | null;
  /** The amendment the commit belongs to, when known. */
  amendement: { nummer: number; titel: string; status: string } | null;
  /** The comparison that shows this commit's change, or null for a root commit. */
  wijziging: { van: string; naar: string; label: string } | null;
  /** Whether "the text after this change" is a text the document had (only on the draft's own line). */
  tekstNaWijziging: boolean;
}

function partyName(p: { naam: string; organisatie: { naam: string } | null }): string {
  return p.organisatie ? `${p.naam} (${p.organisatie.naam})` : p.naam;
}

export function historyEntry(item: HistoryItem): HistoryEntry {
  const c = item.commit;
  const a = item.amendement;
  const amendement = a === null ? null : { nummer: a.nummer, titel: a.titel, status: AMENDMENT_STATUS_LABEL[a.status] };
  const first = c.parents[0];
  if (item.soort === 'besluit') {
    return {
      commit: c,
      soort: item.soort,
      summary: summary(c),
      versions: item.versions,
      door: a === null ? c.author.name : partyName(a.indiener),
      besluitDoor: a?.besluit ? partyName(a.besluit.door) : c.committer.name,
      amendement,
      wijziging: first === undefined ? null : { van: first, naar: c.oid, label: 'Bekijk wat het besluit in het concept veranderde' },
      tekstNaWijziging: true,
    };
  }
  if (item.soort === 'amendement') {
    // An update onto the draft merges the draft in: its own change is the one against that draft.
    const draft = c.parents[1];
    const wijziging =
      draft !== undefined
        ? { van: draft, naar: c.oid, label: 'Bekijk het amendement ten opzichte van dat concept' }
        : first === undefined
          ? null
          : { van: first, naar: c.oid, label: 'Bekijk de wijziging' };
    return { commit: c, soort: item.soort, summary: summary(c), versions: item.versions, door: c.author.name, besluitDoor: null, amendement, wijziging, tekstNaWijziging: false };
  }
  return {
    commit: c,
    soort: item.soort,
    summary: summary(c),
    versions: item.versions,
    door: c.author.name,
    besluitDoor: null,
    amendement: null,
    wijziging: first === undefined ? null : { van: first, naar: c.oid, label: 'Bekijk de wijziging' },
    tekstNaWijziging: true,
  };
}

/** The two views of a history page, for the switch between them. */
export const HISTORY_VIEW_LABEL: Record<HistoryView, string> = {
  concept: 'Alleen het concept en de besluiten',
  alles: 'Alle commits, ook de revisies van amendementen',
};

/**
 * The model of a history page (of the document, or of one principle): its entries, the switch between
 * the two views, and the links to the newest and the older page.
 */
export function historyPageModel(slug: string, cursor: string | undefined, page: HistoryPage, principle: { bestand: string; titel: string; slug: string } | null) {
  const base = principle ? `/documenten/${slug}/principes/${principle.slug}/geschiedenis` : `/documenten/${slug}/geschiedenis`;
  const defaultView: HistoryView = principle ? 'alles' : 'concept';
  const href = (weergave: HistoryView, next?: string): string => {
    const params = new URLSearchParams();
    if (weergave !== defaultView) params.set('weergave', weergave);
    if (next !== undefined) params.set('cursor', next);
    const query = params.toString();
    return query === '' ? base : `${base}?${query}`;
  };
  return {
    title: 'Geschiedenis',
    slug,
    items: page.items.map(historyEntry),
    weergave: page.weergave,
    views: HISTORY_VIEWS.map((v) => ({ value: v, label: HISTORY_VIEW_LABEL[v], href: href(v), current: v === page.weergave })),
    newest: cursor === undefined ? null : href(page.weergave),
    older: page.next === null ? null : href(page.weergave, page.next),
    principle,
  };
}
