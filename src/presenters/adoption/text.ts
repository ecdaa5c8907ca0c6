/**
 * The words and formats the three renderings of the adoption document share (Markdown, HTML, DOCX),
 * so that they say the same thing in the same way. Dutch; dates in Europe/Amsterdam. Everything is a
 * pure function of the model: no clock.
 */
import type { AdoptionDocument, Attribution, EndorserRow, RedlinePart, RedlinePrinciple } from '../../domain/adoptionDocument.js';
import { formatShare } from '../../domain/adoptionDocument.js';
import { DECIDING_BODY_LABEL } from '../../domain/endorsementModel.js';
import { ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import type { VotePercentages } from '../../domain/versionStatus.js';

export const FORMATS = ['md', 'html', 'docx'] as const;
export type AdoptionFormat = (typeof FORMATS)[number];

export const MEDIA_TYPE: Record<AdoptionFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function fileName(doc: AdoptionDocument, format: AdoptionFormat): string {
  return `vaststellingsstuk-${doc.document.slug}-${doc.versie.naam}.${format}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' });
const calendarDateFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** A moment (ISO with time) as `12 juni 2026 14:03`. */
export function formatMoment(iso: string): string {
  return dateTimeFormat.format(new Date(Date.parse(iso)));
}

/** A moment (ISO with time) as its date in the Netherlands: `12 juni 2026`. */
export function formatMomentDate(iso: string): string {
  return dateFormat.format(new Date(Date.parse(iso)));
}

/** A calendar date (`2026-06-12`) as `12 juni 2026`; anything else as given. */
export function formatCalendarDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return calendarDateFormat.format(new Date(`${date}T00:00:00Z`));
}

/** `97,5%` (up to two decimals, Dutch comma). */
export function formatPercent(n: number): string {
  return `${String(Math.round(n * 100) / 100).replace('.', ',')}%`;
}

export function formatVotes(p: VotePercentages | null): string {
  if (p === null) return 'zonder stemming';
  return `voor ${formatPercent(p.voor)}, tegen ${formatPercent(p.tegen)}, onthouding ${formatPercent(p.onthouding)}`;
}

export const TITLE_PREFIX = 'Vaststellingsstuk';

export function documentTitle(doc: AdoptionDocument): string {
  return `${TITLE_PREFIX}: ${doc.document.titel}, versie ${doc.versie.naam}`;
}

/** The facts on the cover, in order. */
export function coverFacts(doc: AdoptionDocument): [string, string][] {
  return [
    ['Document', doc.document.titel],
    ['Versie', doc.versie.naam],
    ['ALV', doc.alvDatum === null ? 'nog niet geagendeerd' : formatCalendarDate(doc.alvDatum)],
    ['Status', doc.statusLabel],
    ['Datum van aanmaak', formatMoment(doc.aangemaakt)],
  ];
}

export const COVER_NOTE =
  'De datum van aanmaak is het tijdstip van de laatste registratie waarop dit stuk berust (benoeming, agendering, besluittekst, besluiten, amendementen, onderschrijvingen), ' +
  'niet het moment van downloaden: hetzelfde stuk kan later byte voor byte opnieuw worden gemaakt.';

export const SECTION = {
  besluit: '1. Voorgesteld besluit',
  alvBesluit: 'Besluit van de Algemene Ledenvergadering',
  tekst: (doc: AdoptionDocument) => `2. Tekst van versie ${doc.versie.naam}`,
  redline: (doc: AdoptionDocument) => `3. Wijzigingen ten opzichte van versie ${doc.redline.basis.naam}`,
  amendementen: (doc: AdoptionDocument) => `4. Amendementen sinds versie ${doc.redline.basis.naam}`,
  onderschrijvers: '5. Onderschrijvers',
  verificatie: '6. Verificatie',
} as const;

export function redlineIntro(doc: AdoptionDocument): string {
  const r = doc.redline;
  if (r.zelfde) return `Versie ${doc.versie.naam} is de eerste versie; er is geen eerdere versie om mee te vergelijken.`;
  // Said of the time before this version, so it stays true once this version is adopted itself.
  const basis = r.basis.vastgesteld
    ? `de laatst vastgestelde versie vóór versie ${doc.versie.naam}, ${r.basis.naam}`
    : `versie ${r.basis.naam} (vóór versie ${doc.versie.naam} is geen versie vastgesteld)`;
  if (!r.gewijzigd) return `De tekst is gelijk aan ${basis}.`;
  return (
    `Wat er veranderd is ten opzichte van ${basis}, per zin: ingevoegde tekst is onderstreept, verwijderde tekst doorgehaald. ` +
    'Elke wijziging noemt het amendement waaruit zij komt, of wie haar zonder amendement in het concept vastlegde; ongewijzigde principes zijn ingeklapt.' +
    (r.afgebroken ? ' Bij zeer grote wijzigingen is een zin als geheel vervangen getoond.' : '')
  );
}

const KIND_LABEL: Record<RedlinePrinciple['soort'], string> = {
  ongewijzigd: 'ongewijzigd',
  gewijzigd: 'gewijzigd',
  toegevoegd: 'toegevoegd',
  verwijderd: 'verwijderd',
  hernoemd: 'hernoemd of verplaatst',
};

export function redlineHeading(p: RedlinePrinciple): string {
  return `Principe ${p.nummer}. ${p.titel} (${KIND_LABEL[p.soort]})`;
}

export function movedNote(p: RedlinePrinciple): string | null {
  if (p.soort !== 'hernoemd' || p.vanBestand === null || p.naarBestand === null) return null;
  return `Bestand ${p.vanBestand} is nu ${p.naarBestand}.`;
}

export const DECISION_LABEL = { overgenomen: 'Overgenomen', verworpen: 'Verworpen', ingetrokken: 'Ingetrokken' } as const;

export function amendmentsIntro(doc: AdoptionDocument): string {
  if (doc.redline.zelfde) return 'Er is geen eerdere versie; er zijn dus ook geen amendementen op deze versie beslist.';
  if (doc.amendementen.length === 0) return `Sinds versie ${doc.redline.basis.naam} is over geen enkel amendement beslist.`;
  return `De amendementen waarover sinds versie ${doc.redline.basis.naam} is beslist, met het besluit en de reden. Overgenomen amendementen staan in de tekst van deze versie.`;
}

export const AMENDMENT_COLUMNS = ['Nr.', 'Titel', 'Indiener', 'Mede-indieners', 'Besluit', 'Reden'] as const;

export function endorsersHeading(doc: AdoptionDocument): { deze: string; eerder: string } {
  const o = doc.onderschrijvers;
  return {
    deze: `Onderschrijvers van versie ${doc.versie.naam}: ${o.dezeVersie.aantal} ${o.dezeVersie.aantal === 1 ? 'organisatie' : 'organisaties'}, ${o.dezeVersie.gemeenten} van de ${o.gemeentenTotaal} gemeenten (${formatShare(o.dezeVersie.gemeenten, o.gemeentenTotaal)})`,
    eerder: `Alleen een eerdere versie onderschreven: ${o.alleenEerder.aantal} ${o.alleenEerder.aantal === 1 ? 'organisatie' : 'organisaties'}, ${o.alleenEerder.gemeenten} van de ${o.gemeentenTotaal} gemeenten (${formatShare(o.alleenEerder.gemeenten, o.gemeentenTotaal)})`,
  };
}

export const ENDORSER_COLUMNS = ['Organisatie', 'Soort', 'Versie', 'Ondertekenaar', 'Besluit'] as const;

export function endorserCells(r: EndorserRow): [string, string, string, string, string] {
  const orgaan = r.orgaan === null ? null : DECIDING_BODY_LABEL[r.orgaan];
  const besluit = [orgaan, r.datum === null ? null : formatCalendarDate(r.datum), r.kenmerk].filter((x): x is string => x !== null && x !== '').join(', ');
  return [r.organisatie.naam, ORGANISATION_TYPE_LABEL[r.organisatie.type], r.versie, r.ondertekenaar ?? '–', besluit === '' ? '–' : besluit];
}

export const NO_ENDORSERS = 'Geen.';

export function verificationFacts(doc: AdoptionDocument): [string, string][] {
  const v = doc.verificatie;
  return [
    ['Tag', doc.versie.tag],
    ['Commit', v.commit],
    ['Tree', v.tree],
    ['SHA-256 van de geconsolideerde Markdown', v.sha256],
    ['Auditketen: kop', v.audit === null ? 'geen (het auditlogboek is leeg)' : `${v.audit.hash} (regel ${v.audit.volgnummer}, ${formatMoment(v.audit.tijdstip)})`],
  ];
}

export const VERIFICATION_INTRO =
  'Met deze gegevens kan iedereen met standaard-git nagaan dat dit stuk over precies deze tekst gaat. ' +
  'De kop van de auditketen is de hash van de regel in het auditlogboek waarmee de laatste registratie van dit stuk werd vastgelegd; ' +
  'omdat elke regel de hash van de vorige bevat, legt zij alle eerdere regels vast.';

/** How the redline names where a change came from, for a tooltip or note. */
export function sourceLabel(bron: Attribution): string {
  if (bron.amendement !== null) return `Amendement ${bron.amendement} (${bron.auteur})`;
  if (bron.commit !== null) return `${bron.auteur}, commit ${bron.commit.slice(0, 10)} (geen amendement)`;
  return bron.auteur;
}

/**
 * The title change as one run: the old title's pieces, a space, the new title's pieces (each piece is
 * a part of the title that one step changed).
 */
export function titleParts(kop: readonly RedlinePart[]): RedlinePart[] {
  const out: RedlinePart[] = [];
  for (const p of kop) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.soort === 'verwijderd' && p.soort === 'ingevoegd') out.push({ soort: 'gelijk', tekst: ' ' });
    out.push(p);
  }
  return out;
}

/**
 * The sources of a sentence's changes, each once, in order of appearance; and the runs of its parts that
 * share a source (a change and the unchanged text around it never split a run).
 */
export function sourcesOf(parts: readonly RedlinePart[]): Attribution[] {
  const seen: Attribution[] = [];
  for (const p of parts) if (p.soort !== 'gelijk' && !seen.some((b) => sameSource(b, p.bron))) seen.push(p.bron);
  return seen;
}

export function sameSource(a: Attribution, b: Attribution): boolean {
  return a.amendement === b.amendement && a.commit === b.commit && a.auteur === b.auteur && a.datum === b.datum;
}
