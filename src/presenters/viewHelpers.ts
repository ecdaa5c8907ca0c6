/**
 * Small helpers available in every EJS view (app.locals). Formatting is Dutch; times are shown in
 * Europe/Amsterdam. Everything that outputs HTML escapes user text (EJS `<%= %>` does so too).
 */
import { renderInline, renderMarkdown } from '../domain/markdown.js';
import { principleBody } from '../domain/documentModel.js';
import { ADOPTION_OUTCOME_LABEL, ADOPTION_OUTCOMES, STATUS_LABEL, type VersionStatus } from '../domain/versionStatus.js';
import { formatCalendarDate, formatMoment, formatMomentDate, formatVotes } from './adoption/text.js';

// The same Dutch formats as the adoption document (one home: adoption/text.ts), for unix seconds.
export function formatDateTime(unixSeconds: number): string {
  return formatMoment(new Date(unixSeconds * 1000).toISOString());
}

export function formatDate(unixSeconds: number): string {
  return formatMomentDate(new Date(unixSeconds * 1000).toISOString());
}

export function isoDateTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

export function shortOid(oid: string): string {
  return oid.slice(0, 10);
}

export function statusLabel(status: VersionStatus): string {
  return STATUS_LABEL[status];
}

/** The principle's Markdown body (without its `#` heading) rendered to HTML. */
export function renderPrincipleBody(tekst: string): string {
  return renderMarkdown(principleBody(tekst));
}

/** URL path segment for a principle file: `03-open-en-bekende-technologie.md` -> `03-open-en-bekende-technologie`. */
export function principleSlug(bestand: string): string {
  return bestand.replace(/\.md$/, '');
}

export const viewHelpers = {
  formatDateTime,
  formatDate,
  isoDateTime,
  shortOid,
  statusLabel,
  renderMarkdown,
  renderInline,
  renderPrincipleBody,
  principleSlug,
  encode: encodeURIComponent,
  formatCalendarDate,
  formatVotes,
  adoptionOutcomes: ADOPTION_OUTCOMES.map((value) => ({ value, label: ADOPTION_OUTCOME_LABEL[value] })),
  adoptionOutcomeLabel: ADOPTION_OUTCOME_LABEL,
};
