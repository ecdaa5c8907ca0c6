/**
 * The adoption document (vaststellingsstuk) for one named version: one model, rendered as Markdown,
 * HTML and DOCX by src/presenters/adoption/*. Pure: the query (src/queries/adoptionQueries.ts) reads
 * the stores and hands everything in; nothing here reads a clock, so the same record always gives
 * the same document (byte for byte in every format).
 *
 * Parts: cover, proposed decision, the full text, the redline against the last adopted version
 * (1.0 when none was adopted yet; the same diff model as the web page and the API,
 * `compareDocuments`), each change attributed to the step of the draft that made it (see
 * redlineProvenance.ts), the amendments decided since that version, the endorsers, and a verification
 * block (commit, tree, SHA-256 of the consolidated Markdown, the audit chain's head).
 */
import type { AmendmentRecord, Party } from './amendmentModel.js';
import { compareDocuments, type CompareOptions, type LineChange, type PrincipleChangeKind, type PrincipleComparison } from './compare.js';
import { consolidatedMarkdown, principleBody, type DocumentText } from './documentModel.js';
import type { DecidingBody, EndorsementRecord } from './endorsementModel.js';
import { NO_STEP, RedlineProvenance, type SourcedSpan, type StepFile } from './redlineProvenance.js';
import type { OrganisationType } from './roles.js';
import { sha256 } from './secrets.js';
import {
  ADOPTION_OUTCOME_LABEL,
  STATUS_LABEL,
  adopts,
  compareVersionNames,
  namedVersionStatus,
  type AdoptionOutcome,
  type NamedVersionStatus,
  type VersionStateRecord,
  type VotePercentages,
} from './versionStatus.js';

/** The number of Dutch municipalities on 1 January 2025 (CBS); used when the register holds none. */
export const MUNICIPALITIES_2025 = 342;

/** The author of a tracked change that no step of the draft explains (only when its history cannot be followed). */
export const EDITORIAL_AUTHOR = 'Redactie (geen amendement)';

/**
 * The comparisons of the adoption document have no deadline, only the edit-length cap (which bounds
 * their cost): a deadline depends on the machine's load, and the document must be the same bytes
 * every time it is made from the same record.
 */
export const ADOPTION_COMPARE: CompareOptions = { timeoutMs: Number.POSITIVE_INFINITY };

// ---------------------------------------------------------------------------------------------------
// The model

/**
 * Who made a change, for Word's tracked changes: the proposer of the amendment it came from, or, for a
 * change committed straight onto the draft, the person who committed it.
 */
export interface Attribution {
  /** The amendment number, or null for a change that no merged amendment made. */
  amendement: number | null;
  /** The commit of a change made on the draft without an amendment; null otherwise. */
  commit: string | null;
  auteur: string;
  /** UTC, whole seconds (`2026-03-01T10:00:00Z`): the amendment's decision, the commit's time, else the version's naming. */
  datum: string;
}

export type RedlinePart =
  | { soort: 'gelijk'; tekst: string }
  | { soort: 'ingevoegd' | 'verwijderd'; tekst: string; bron: Attribution };

/** One sentence (one source line) with its changes. */
export interface RedlineSentence {
  delen: RedlinePart[];
  /** True when the word diff gave up and the sentence is shown as replaced as a whole. */
  vervangen: boolean;
}

export interface RedlinePrinciple {
  /** The number in the new version (the old one for a removed principle). */
  nummer: number;
  titel: string;
  soort: PrincipleChangeKind;
  vanBestand: string | null;
  naarBestand: string | null;
  /** The title's change (old title deleted, new inserted), or null when the title is the same. */
  kop: RedlinePart[] | null;
  /** The body's sentences; null marks a paragraph break. Empty for an unchanged principle. */
  zinnen: (RedlineSentence | null)[];
}

export interface Redline {
  basis: { naam: string; commit: string; vastgesteld: boolean };
  /** The version is its own baseline (the first version, nothing adopted yet): nothing to compare. */
  zelfde: boolean;
  gewijzigd: boolean;
  metaGewijzigd: boolean;
  /** A diff bound was hit somewhere; such sentences are shown as replaced as a whole. */
  afgebroken: boolean;
  principes: RedlinePrinciple[];
}

export interface AmendmentRow {
  nummer: number;
  titel: string;
  indiener: string;
  medeIndieners: string[];
  besluit: 'overgenomen' | 'verworpen' | 'ingetrokken';
  reden: string;
  /** UTC ISO of the decision. */
  datum: string;
  url: string;
}

export interface EndorserRow {
  organisatie: { code: string; naam: string; type: OrganisationType };
  /** The version endorsed (this one, or for the earlier list the newest earlier one). */
  versie: string;
  ondertekenaar: string | null;
  orgaan: DecidingBody | null;
  datum: string | null;
  kenmerk: string | null;
}

export interface EndorserGroup {
  items: EndorserRow[];
  aantal: number;
  gemeenten: number;
}

export interface AssemblyDecisionView {
  alvDatum: string;
  datum: string;
  uitkomst: AdoptionOutcome;
  uitkomstLabel: string;
  percentages: VotePercentages | null;
  kenmerk: string;
}

export interface AuditHead {
  hash: string;
  volgnummer: number;
  tijdstip: string;
}

export interface AdoptionDocument {
  document: { slug: string; titel: string };
  versie: { naam: string; tag: string; commit: string; tree: string; benoemd: string };
  status: NamedVersionStatus;
  statusLabel: string;
  /** The ALV the version is (or was last) on the agenda of; null when never scheduled. */
  alvDatum: string | null;
  /** The date of generation: the time of the latest record the document depends on (UTC ISO), never the wall clock. */
  aangemaakt: string;
  besluit: {
    /** The fixed decision sentence. */
    zin: string;
    /** The explanation after it: the secretary's text, or a generated default; one string per paragraph. */
    toelichting: string[];
    /** True when the explanation is the generated default. */
    standaard: boolean;
  };
  /** The assembly's decisions, oldest first. */
  alvBesluiten: AssemblyDecisionView[];
  tekst: { nummer: number; titel: string; bestand: string; markdown: string }[];
  redline: Redline;
  amendementen: AmendmentRow[];
  onderschrijvers: { dezeVersie: EndorserGroup; alleenEerder: EndorserGroup; gemeentenTotaal: number };
  verificatie: {
    commit: string;
    tree: string;
    /** SHA-256 (hex) of `consolidatedMarkdown` of the version's text, as UTF-8. */
    sha256: string;
    audit: AuditHead | null;
    opdrachten: { opdracht: string; uitleg: string }[];
  };
  links: { document: string; versie: string; amendementen: string; api: string };
}

// ---------------------------------------------------------------------------------------------------
// Input

export interface AdoptionVersion {
  naam: string;
  tag: string;
  commit: string;
  tree: string;
  /** When the version was named (UTC ISO; the tag time, or the audit entry's when known). */
  benoemd: string;
}

/** A decided amendment in the window. */
export interface AmendmentInput {
  record: AmendmentRecord;
}

/** One step of the draft (its first-parent line) between the baseline and the version. */
export interface DraftStep {
  /** The amendment whose merge commit this step is, or null for a commit made on the draft directly. */
  amendement: AmendmentRecord | null;
  commit: string;
  /** The commit's committer (name) and time (UTC ISO). */
  vastgelegdDoor: string;
  tijdstip: string;
  /** The files the step changed (texts before and after). */
  bestanden: StepFile[];
}

/**
 * The draft's steps from the baseline to the version, added oldest first, one at a time (so the texts of
 * a long history need not be held at once): who made which change, for the redline.
 */
export class DraftHistory {
  readonly provenance = new RedlineProvenance(ADOPTION_COMPARE);
  readonly sources: Attribution[] = [];

  add(step: DraftStep): void {
    const a = step.amendement;
    this.sources.push(
      a !== null
        ? { amendement: a.nummer, commit: null, auteur: partyName(a.indiener), datum: wholeSecondsUtc(a.besluit?.tijdstip ?? step.tijdstip) }
        : { amendement: null, commit: step.commit, auteur: step.vastgelegdDoor, datum: wholeSecondsUtc(step.tijdstip) },
    );
    this.provenance.apply(step.bestanden);
  }
}

export interface AdoptionInput {
  slug: string;
  /** Absolute base URL of the service, without trailing slash, for links in the document. */
  publicUrl: string;
  version: AdoptionVersion;
  text: DocumentText;
  baseline: { naam: string; commit: string; text: DocumentText; vastgesteld: boolean };
  state: VersionStateRecord | undefined;
  /** Decided amendments in the window (see `amendmentWindow`); sorted here. */
  amendments: AmendmentInput[];
  /**
   * The draft's steps from the baseline to the version, for the redline's attribution; null when the
   * baseline is not on the version's first-parent line (then every change is the editorial fallback's).
   */
  history: DraftHistory | null;
  /** Every endorsement of this document (filtered here). */
  endorsements: readonly EndorsementRecord[];
  /** Municipalities in the register (342 for 2025). */
  municipalities: number;
  aangemaakt: string;
  audit: AuditHead | null;
}

// ---------------------------------------------------------------------------------------------------
// Which versions and amendments

/**
 * The redline's baseline for version `naam`: the newest adopted version older than it; when none was
 * adopted yet, 1.0 (or, without a 1.0, the oldest version). Older-than keeps a version's own document
 * stable after it is adopted itself.
 */
export function chooseBaseline(versionNames: readonly string[], states: readonly VersionStateRecord[], slug: string, naam: string): { naam: string; vastgesteld: boolean } {
  const older = versionNames.filter((v) => compareVersionNames(v, naam) < 0).sort(compareVersionNames);
  const adopted = older.filter((v) => namedVersionStatus(states.find((s) => s.document === slug && s.versie === v)) === 'vastgesteld');
  const last = adopted.at(-1);
  if (last !== undefined) return { naam: last, vastgesteld: true };
  if (versionNames.includes('1.0')) return { naam: '1.0', vastgesteld: false };
  return { naam: [...versionNames].sort(compareVersionNames)[0] ?? naam, vastgesteld: false };
}

/**
 * The amendments decided between the baseline and the version: merged ones whose merge commit is in
 * the version and not in the baseline (git ancestry, exact); rejected and withdrawn ones by decision
 * time, after the baseline was named and no later than the version was named. Open ones are left out.
 */
export function amendmentWindow(
  records: readonly AmendmentRecord[],
  opts: { mergedInVersion: (commit: string) => boolean; mergedInBaseline: (commit: string) => boolean; fromMs: number; toMs: number },
): AmendmentRecord[] {
  return records
    .filter((a) => {
      const b = a.besluit;
      if (b === null) return false;
      if (b.besluit === 'overgenomen') return b.commit !== undefined && opts.mergedInVersion(b.commit) && !opts.mergedInBaseline(b.commit);
      const t = Date.parse(b.tijdstip);
      return t > opts.fromMs && t <= opts.toMs;
    })
    .sort((x, y) => x.nummer - y.nummer);
}

/** Endorsements that the document shows: of this document, for this version or an older one. */
export function relevantEndorsements(endorsements: readonly EndorsementRecord[], slug: string, naam: string): EndorsementRecord[] {
  return endorsements.filter((e) => e.document === slug && compareVersionNames(e.versie, naam) <= 0);
}

/**
 * The date of generation: the latest time of every record the document depends on (the version's
 * naming, its ALV record, the adoptions of older versions (they pick the baseline), the included
 * amendments' decisions and the endorsements shown). Anything else may change without changing the
 * document, so it can be generated again later, byte for byte, until one of these changes.
 */
export function generationTime(parts: {
  version: AdoptionVersion;
  slug: string;
  states: readonly VersionStateRecord[];
  amendments: readonly AmendmentRecord[];
  endorsements: readonly EndorsementRecord[];
}): string {
  const times: string[] = [parts.version.benoemd];
  for (const s of parts.states) {
    if (s.document !== parts.slug) continue;
    const cmp = compareVersionNames(s.versie, parts.version.naam);
    if (cmp === 0) {
      if (s.agendering) times.push(s.agendering.tijdstip);
      if (s.besluittekst) times.push(s.besluittekst.tijdstip);
      for (const b of s.besluiten) times.push(b.tijdstip);
    } else if (cmp < 0) {
      for (const b of s.besluiten) if (adopts(b.uitkomst)) times.push(b.tijdstip);
    }
  }
  for (const a of parts.amendments) {
    if (a.besluit) times.push(a.besluit.tijdstip);
  }
  for (const e of parts.endorsements) {
    times.push(e.vastgelegd);
    if (e.intrekking) times.push(e.intrekking.tijdstip);
  }
  let latest = Date.parse(parts.version.benoemd);
  for (const t of times) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms) && ms > latest) latest = ms;
  }
  return new Date(latest).toISOString();
}

/**
 * The audit chain's head for the document: the entry that recorded the latest relevant change. That
 * is the newest entry about one of `objectIds` (the version, the amendments, the endorsements), when
 * it is not older than `since` (the generation time); otherwise the first entry written at or after
 * `since` (a change is recorded first, audited right after). Later, unrelated entries never change it.
 */
export function auditAnchor<E extends { tijdstip: string; object: { id: string } }>(entries: readonly E[], since: string, objectIds: ReadonlySet<string>): E | null {
  const sinceMs = Date.parse(since);
  let related: E | null = null;
  for (const e of entries) if (objectIds.has(e.object.id)) related = e;
  if (related !== null && Date.parse(related.tijdstip) >= sinceMs) return related;
  return entries.find((e) => Date.parse(e.tijdstip) >= sinceMs) ?? related;
}

// ---------------------------------------------------------------------------------------------------
// Building the model

/** `2026-03-01T10:00:00Z`: Word's date format for tracked changes (no milliseconds). */
export function wholeSecondsUtc(iso: string): string {
  return `${new Date(Date.parse(iso)).toISOString().slice(0, 19)}Z`;
}

function partyName(p: Party): string {
  return p.organisatie ? `${p.naam} (${p.organisatie.naam})` : p.naam;
}

export function decisionSentence(titel: string, versie: string): string {
  return `De Algemene Ledenvergadering van de VNG besluit de ${titel}, versie ${versie}, vast te stellen.`;
}

export function buildAdoptionDocument(input: AdoptionInput): AdoptionDocument {
  const { slug, version, text } = input;
  const base = input.publicUrl.replace(/\/+$/, '');
  const docUrl = `${base}/documenten/${slug}`;
  const titel = text.meta.titel;
  const status = namedVersionStatus(input.state);
  const decisions = input.state?.besluiten ?? [];
  const alvDatum = input.state?.agendering?.alvDatum ?? decisions.at(-1)?.alvDatum ?? null;

  const amendments = [...input.amendments].sort((a, b) => a.record.nummer - b.record.nummer);
  const rows: AmendmentRow[] = amendments.map(({ record }) => ({
    nummer: record.nummer,
    titel: record.titel,
    indiener: partyName(record.indiener),
    medeIndieners: record.medeIndieners.filter((m) => m.ingetrokken === null).map((m) => m.organisatie.naam),
    besluit: record.besluit?.besluit ?? 'ingetrokken',
    reden: record.besluit?.reden ?? '',
    datum: record.besluit?.tijdstip ?? '',
    url: `${docUrl}/amendementen/${record.nummer}`,
  }));

  const zelfde = input.baseline.naam === version.naam;
  const redline = buildRedline(input, zelfde);
  const endorsers = groupEndorsers(input.endorsements, slug, version);
  const gemeentenTotaal = input.municipalities > 0 ? input.municipalities : MUNICIPALITIES_2025;

  const custom = input.state?.besluittekst?.tekst ?? null;
  const toelichting = custom !== null ? paragraphs(custom) : defaultExplanation({ version, baseline: input.baseline.naam, zelfde, rows, endorsers: endorsers.dezeVersie, gemeentenTotaal });

  const markdown = consolidatedMarkdown(text);
  const markdownHash = sha256(markdown);
  const apiUrl = `${base}/api/v1/documenten/${slug}/versies/${version.naam}`;
  const opdrachten = [
    { opdracht: `git clone <repository van ${slug}> ${slug} && cd ${slug}`, uitleg: 'Een kopie van de git-repository van het document (bijvoorbeeld documents/' + slug + '.git uit de gegevensmap van de dienst).' },
    { opdracht: `git rev-parse '${version.tag}^{commit}'`, uitleg: `Geeft de commit: ${version.commit}.` },
    { opdracht: `git rev-parse '${version.tag}^{tree}'`, uitleg: `Geeft de tree: ${version.tree}.` },
    { opdracht: `git cat-file -p ${version.tag}`, uitleg: 'Toont de tag: de commit, wie de versie benoemde en wanneer.' },
    { opdracht: 'git fsck --strict', uitleg: 'Controleert dat alle objecten in de repository heel zijn.' },
    { opdracht: `curl -s ${apiUrl} | jq -j .markdown | sha256sum`, uitleg: `Geeft de SHA-256 van de geconsolideerde Markdown: ${markdownHash}.` },
    ...(input.audit
      ? [
          { opdracht: 'npm run cli -- audit-verify', uitleg: 'Controleert in de gegevensmap van de dienst dat de hele auditketen heel is.' },
          { opdracht: `grep -c '"hash":"${input.audit.hash}"' audit.jsonl`, uitleg: `Geeft 1: regel ${input.audit.volgnummer} met deze hash staat in het auditlogboek (audit.jsonl in de gegevensmap).` },
        ]
      : []),
  ];

  return {
    document: { slug, titel },
    versie: { naam: version.naam, tag: version.tag, commit: version.commit, tree: version.tree, benoemd: version.benoemd },
    status,
    statusLabel: STATUS_LABEL[status],
    alvDatum,
    aangemaakt: input.aangemaakt,
    besluit: { zin: decisionSentence(titel, version.naam), toelichting, standaard: custom === null },
    alvBesluiten: decisions.map((b) => ({
      alvDatum: b.alvDatum,
      datum: b.datum,
      uitkomst: b.uitkomst,
      uitkomstLabel: ADOPTION_OUTCOME_LABEL[b.uitkomst],
      percentages: b.percentages,
      kenmerk: b.kenmerk,
    })),
    tekst: text.principes.map((p) => ({ nummer: p.nummer, titel: p.titel, bestand: p.bestand, markdown: principleBody(p.tekst).replace(/\n+$/, '') })),
    redline,
    amendementen: rows,
    onderschrijvers: { ...endorsers, gemeentenTotaal },
    verificatie: { commit: version.commit, tree: version.tree, sha256: markdownHash, audit: input.audit, opdrachten },
    links: { document: docUrl, versie: `${docUrl}/versies/${version.naam}`, amendementen: `${docUrl}/amendementen`, api: apiUrl },
  };
}

/** Plain text into paragraphs (blank lines separate them; line breaks inside become spaces). */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Dutch percentage with one decimal: 1,8%. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '0,0%';
  return `${((part / total) * 100).toFixed(1).replace('.', ',')}%`;
}

function defaultExplanation(p: { version: AdoptionVersion; baseline: string; zelfde: boolean; rows: AmendmentRow[]; endorsers: EndorserGroup; gemeentenTotaal: number }): string[] {
  const count = (b: AmendmentRow['besluit']): number => p.rows.filter((r) => r.besluit === b).length;
  const first = p.zelfde
    ? `Versie ${p.version.naam} is de eerste versie van deze tekst; er is nog geen eerder vastgestelde versie om mee te vergelijken.`
    : `Ten opzichte van versie ${p.baseline} zijn ${plural(count('overgenomen'), 'amendement', 'amendementen')} overgenomen, ${count('verworpen')} verworpen en ${count('ingetrokken')} ingetrokken; de wijzigingen staan hieronder als revisie.`;
  const e = p.endorsers;
  const second =
    e.aantal === 0
      ? `Versie ${p.version.naam} is nog door geen enkele organisatie onderschreven.`
      : `${plural(e.aantal, 'organisatie heeft', 'organisaties hebben')} precies deze versie onderschreven, onder wie ${e.gemeenten} van de ${p.gemeentenTotaal} gemeenten (${formatShare(e.gemeenten, p.gemeentenTotaal)}).`;
  return [first, second];
}

// ---- endorsers ----

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

function endorserRow(e: EndorsementRecord): EndorserRow {
  return {
    organisatie: { code: e.organisatie.code, naam: e.organisatie.naam, type: e.organisatie.type },
    versie: e.versie,
    ondertekenaar: e.ondertekenaar.naam === null ? null : e.ondertekenaar.functie ? `${e.ondertekenaar.naam}, ${e.ondertekenaar.functie}` : e.ondertekenaar.naam,
    orgaan: e.besluit.orgaan,
    datum: e.besluit.datum,
    kenmerk: e.besluit.kenmerk,
  };
}

function group(rows: EndorserRow[]): EndorserGroup {
  rows.sort((a, b) => collator.compare(a.organisatie.naam, b.organisatie.naam) || (a.organisatie.code < b.organisatie.code ? -1 : a.organisatie.code > b.organisatie.code ? 1 : 0));
  return { items: rows, aantal: rows.length, gemeenten: rows.filter((r) => r.organisatie.type === 'gemeente').length };
}

/**
 * Active endorsements of exactly this version (name and commit), and per organisation without one,
 * its newest active endorsement of an earlier version.
 */
function groupEndorsers(all: readonly EndorsementRecord[], slug: string, version: AdoptionVersion): { dezeVersie: EndorserGroup; alleenEerder: EndorserGroup } {
  const active = all.filter((e) => e.document === slug && e.status === 'actief');
  const exact = new Map<string, EndorsementRecord>();
  for (const e of active) if (e.versie === version.naam && e.commit === version.commit && !exact.has(e.organisatie.code)) exact.set(e.organisatie.code, e);
  const earlier = new Map<string, EndorsementRecord>();
  for (const e of active) {
    if (exact.has(e.organisatie.code) || compareVersionNames(e.versie, version.naam) >= 0) continue;
    const seen = earlier.get(e.organisatie.code);
    if (seen === undefined || compareVersionNames(e.versie, seen.versie) > 0) earlier.set(e.organisatie.code, e);
  }
  return { dezeVersie: group([...exact.values()].map(endorserRow)), alleenEerder: group([...earlier.values()].map(endorserRow)) };
}

// ---- redline ----

function isHeading(line: string): boolean {
  return /^#\s/.test(line);
}

function headingText(line: string): string {
  return line.replace(/^#\s+/, '').replace(/\s*#*\s*$/, '');
}

/** Where the title starts in a heading line (`# Titel`). */
function headingOffset(line: string): number {
  return /^#\s+/.exec(line)?.[0].length ?? 0;
}

/**
 * Splits one inserted or deleted span of the final redline into the pieces that different steps made.
 * A piece no step explains (the steps' comparisons lined the text up differently than the final one, e.g.
 * around repeated words) takes the source of its neighbour in the span, else `whole` (the last step that
 * changed the file, for an insertion; the first, for a deletion), else the editorial fallback.
 */
class Attributor {
  constructor(
    private readonly history: DraftHistory | null,
    private readonly fallback: Attribution,
  ) {}

  inserted(file: string, line: number, from: number, tekst: string): RedlinePart[] {
    const h = this.history;
    const spans = h === null ? [] : h.provenance.insertedBy(file, line, from, from + tekst.length);
    return this.pieces('ingevoegd', tekst, spans, h === null ? NO_STEP : h.provenance.lastChangeOf(file));
  }

  deleted(file: string, line: number, from: number, tekst: string): RedlinePart[] {
    const h = this.history;
    const spans = h === null ? [] : h.provenance.deletedBy(file, line, from, from + tekst.length);
    return this.pieces('verwijderd', tekst, spans, h === null ? NO_STEP : h.provenance.firstChangeOf(file));
  }

  private pieces(soort: 'ingevoegd' | 'verwijderd', tekst: string, spans: readonly SourcedSpan[], whole: number): RedlinePart[] {
    if (tekst === '') return [];
    const list = spans.length > 0 ? spans : [{ lengte: tekst.length, stap: NO_STEP }];
    const steps = list.map((s) => s.stap);
    for (let k = 0; k < steps.length; k++) {
      if (steps[k] !== NO_STEP) continue;
      const before = steps.slice(0, k).reverse().find((x) => x !== NO_STEP);
      const after = steps.slice(k + 1).find((x) => x !== NO_STEP);
      steps[k] = before ?? after ?? whole;
    }
    // A piece of whitespace alone goes with the word before it (else after it): one step inserting
    // "meestal " and a later one replacing "meestal" by "altijd" reads as "altijd " by the later one.
    const texts: string[] = [];
    let at = 0;
    for (const span of list) {
      texts.push(tekst.slice(at, at + span.lengte));
      at += span.lengte;
    }
    for (let k = 0; k < steps.length; k++) {
      if (!/^\s+$/.test(texts[k] ?? '')) continue;
      const words = (from: number, dir: 1 | -1): number | undefined => {
        for (let j = from; j >= 0 && j < steps.length; j += dir) if (!/^\s+$/.test(texts[j] ?? '')) return steps[j];
        return undefined;
      };
      steps[k] = words(k - 1, -1) ?? words(k + 1, 1) ?? steps[k] ?? whole;
    }
    const out: RedlinePart[] = [];
    list.forEach((_span, k) => {
      const piece = texts[k] ?? '';
      const bron = this.source(steps[k] ?? NO_STEP);
      const last = out[out.length - 1];
      if (last !== undefined && last.soort === soort && last.bron === bron) last.tekst += piece;
      else out.push({ soort, tekst: piece, bron });
    });
    // The spans cover the text exactly; should they not, the rest goes with the last piece.
    const tail = out[out.length - 1];
    if (at < tekst.length && tail !== undefined) tail.tekst += tekst.slice(at);
    return out;
  }

  private source(step: number): Attribution {
    return (step >= 0 ? this.history?.sources[step] : undefined) ?? this.fallback;
  }
}

function buildRedline(input: AdoptionInput, zelfde: boolean): Redline {
  const cmp = compareDocuments(input.baseline.text, input.text, ADOPTION_COMPARE);
  const fallback: Attribution = { amendement: null, commit: null, auteur: EDITORIAL_AUTHOR, datum: wholeSecondsUtc(input.version.benoemd) };
  const attributor = new Attributor(input.history, fallback);
  return {
    basis: { naam: input.baseline.naam, commit: input.baseline.commit, vastgesteld: input.baseline.vastgesteld },
    zelfde,
    gewijzigd: cmp.gewijzigd,
    metaGewijzigd: cmp.metaGewijzigd,
    afgebroken: cmp.afgebroken,
    principes: cmp.principes.map((pc) => redlinePrinciple(pc, attributor)),
  };
}

function redlinePrinciple(pc: PrincipleComparison, attributor: Attributor): RedlinePrinciple {
  const ref = pc.naar ?? pc.van;
  const van = pc.van?.bestand ?? null;
  const naar = pc.naar?.bestand ?? null;
  /** Characters [from, from + tekst.length) of line `line` of the new file, inserted. */
  const ins = (line: number, tekst: string, from = 0): RedlinePart[] => attributor.inserted(naar ?? '', line, from, tekst);
  /** The same of the old file, deleted. */
  const del = (line: number, tekst: string, from = 0): RedlinePart[] => attributor.deleted(van ?? '', line, from, tekst);

  // The heading lines (`# Titel`, line 1) become the principle's title change.
  let oldTitle: string | null = null;
  let newTitle: string | null = null;
  let oldHeadingLine: string | null = null;
  let newHeadingLine: string | null = null;
  const body: LineChange[] = [];
  for (const r of pc.regels) {
    if (r.soort === 'gelijk' && r.regelVan === 1 && isHeading(r.tekst)) {
      oldTitle = newTitle = headingText(r.tekst);
      continue;
    }
    if (r.soort === 'gewijzigd' && r.regelVan === 1 && r.regelNaar === 1 && isHeading(r.van) && isHeading(r.naar)) {
      oldTitle = headingText(r.van);
      newTitle = headingText(r.naar);
      oldHeadingLine = r.van;
      newHeadingLine = r.naar;
      continue;
    }
    if (r.soort === 'verwijderd' && r.regelVan === 1 && isHeading(r.tekst)) {
      oldTitle = headingText(r.tekst);
      oldHeadingLine = r.tekst;
      continue;
    }
    if (r.soort === 'ingevoegd' && r.regelNaar === 1 && isHeading(r.tekst)) {
      newTitle = headingText(r.tekst);
      newHeadingLine = r.tekst;
      continue;
    }
    body.push(r);
  }
  let kop: RedlinePart[] | null = null;
  if (oldTitle !== newTitle) {
    kop = [];
    if (oldTitle !== null && oldHeadingLine !== null) kop.push(...del(1, oldTitle, headingOffset(oldHeadingLine)));
    if (newTitle !== null && newHeadingLine !== null) kop.push(...ins(1, newTitle, headingOffset(newHeadingLine)));
  }

  const zinnen: (RedlineSentence | null)[] = [];
  if (pc.soort !== 'ongewijzigd') {
    for (const r of body) {
      if (r.soort === 'gelijk') {
        zinnen.push(r.tekst.trim() === '' ? null : { delen: [{ soort: 'gelijk', tekst: r.tekst }], vervangen: false });
      } else if (r.soort === 'ingevoegd') {
        if (r.tekst.trim() !== '') zinnen.push({ delen: ins(r.regelNaar, r.tekst), vervangen: false });
      } else if (r.soort === 'verwijderd') {
        if (r.tekst.trim() !== '') zinnen.push({ delen: del(r.regelVan, r.tekst), vervangen: false });
      } else if (r.woorden === null) {
        zinnen.push({ delen: [...del(r.regelVan, r.van), ...ins(r.regelNaar, r.naar)], vervangen: true });
      } else {
        // Word parts: offsets into the old line (equal and deleted parts) and the new line (equal and inserted).
        const delen: RedlinePart[] = [];
        let atVan = 0;
        let atNaar = 0;
        for (const w of r.woorden) {
          if (w.soort === 'gelijk') {
            delen.push({ soort: 'gelijk', tekst: w.tekst });
            atVan += w.tekst.length;
            atNaar += w.tekst.length;
          } else if (w.soort === 'verwijderd') {
            delen.push(...del(r.regelVan, w.tekst, atVan));
            atVan += w.tekst.length;
          } else {
            delen.push(...ins(r.regelNaar, w.tekst, atNaar));
            atNaar += w.tekst.length;
          }
        }
        zinnen.push({ delen, vervangen: false });
      }
    }
  }
  // No leading, trailing or doubled paragraph breaks.
  const tidy: (RedlineSentence | null)[] = [];
  for (const z of zinnen) {
    if (z === null && (tidy.length === 0 || tidy.at(-1) === null)) continue;
    tidy.push(z);
  }
  while (tidy.length > 0 && tidy.at(-1) === null) tidy.pop();

  return {
    nummer: ref?.nummer ?? 0,
    titel: newTitle ?? oldTitle ?? ref?.titel ?? '',
    soort: pc.soort,
    vanBestand: van,
    naarBestand: naar,
    kop,
    zinnen: tidy,
  };
}
