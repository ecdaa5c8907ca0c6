/**
 * Endorsements -> the JSON API shape (src/schemas/endorsements.ts) and the CSV rows, and the models of the
 * endorse and withdraw forms. The API's field names are a contract: add, never rename. Who typed an
 * endorsement in (`door`, a user id) stays inside; the signatory and the decision are public.
 */
import { csvLine, toCsv } from '../domain/csv.js';
import { DECIDING_BODIES, DECIDING_BODY_LABEL, type EndorsementRecord } from '../domain/endorsementModel.js';
import type { EndorseForm } from '../queries/endorsementQueries.js';
import type { EndorsementJson } from '../schemas/endorsements.js';

export function presentEndorsement(r: EndorsementRecord): EndorsementJson {
  return {
    id: r.id,
    document: r.document,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam, type: r.organisatie.type },
    versie: r.versie,
    commit: r.commit,
    tree: r.tree,
    status: r.status,
    ondertekenaar: { naam: r.ondertekenaar.naam, functie: r.ondertekenaar.functie },
    besluit: { orgaan: r.besluit.orgaan, datum: r.besluit.datum, kenmerk: r.besluit.kenmerk, url: r.besluit.url },
    bron: r.bron,
    vastgelegd: r.vastgelegd,
    intrekking: r.intrekking === null ? null : { reden: r.intrekking.reden, tijdstip: r.intrekking.tijdstip },
    ...(r.opmerking !== undefined ? { opmerking: r.opmerking } : {}),
  };
}

export const ENDORSEMENT_CSV_HEADER = [
  'id',
  'document',
  'organisatieCode',
  'organisatieNaam',
  'organisatieType',
  'versie',
  'commit',
  'tree',
  'status',
  'ondertekenaarNaam',
  'ondertekenaarFunctie',
  'besluitOrgaan',
  'besluitDatum',
  'besluitKenmerk',
  'besluitUrl',
  'bron',
  'vastgelegd',
  'ingetrokkenOp',
  'intrekkingReden',
  'opmerking',
] as const;

/** The CSV cells of one endorsement, in ENDORSEMENT_CSV_HEADER's order. */
function csvCells(r: EndorsementRecord): (string | null)[] {
  return [
    r.id,
    r.document,
    r.organisatie.code,
    r.organisatie.naam,
    r.organisatie.type,
    r.versie,
    r.commit,
    r.tree,
    r.status,
    r.ondertekenaar.naam,
    r.ondertekenaar.functie,
    r.besluit.orgaan,
    r.besluit.datum,
    r.besluit.kenmerk,
    r.besluit.url,
    r.bron,
    r.vastgelegd,
    r.intrekking?.tijdstip ?? null,
    r.intrekking?.reden ?? null,
    r.opmerking ?? null,
  ];
}

const CSV_HEADER_BYTES = Buffer.from(toCsv(ENDORSEMENT_CSV_HEADER, []), 'utf8');
/**
 * Each endorsement's CSV row as UTF-8, kept with its record: records are immutable (a withdrawal makes
 * a new one), so the export after a change encodes one row and copies the rest (20,000 rows: 5 MB).
 */
const csvRows = new WeakMap<EndorsementRecord, Buffer>();

/** RFC 4180 CSV (UTF-8, CRLF, quoted where needed, formula cells neutralised), one row per endorsement. */
export function endorsementsCsv(records: readonly EndorsementRecord[]): Buffer {
  const parts: Buffer[] = [CSV_HEADER_BYTES];
  for (const r of records) {
    let row = csvRows.get(r);
    if (row === undefined) {
      row = Buffer.from(csvLine(csvCells(r)), 'utf8');
      csvRows.set(r, row);
    }
    parts.push(row);
  }
  return Buffer.concat(parts);
}

const bodyOptions = [{ value: '', label: 'Kies wie het besluit nam' }, ...DECIDING_BODIES.map((value) => ({ value, label: DECIDING_BODY_LABEL[value] }))];

/** Everything the endorse page shows besides the form. */
export function endorseFormModel(f: EndorseForm) {
  return {
    title: `Versie ${f.version.naam} onderschrijven`,
    slug: f.slug,
    version: f.version,
    organisatie: f.organisatie,
    existing: f.existing,
    today: f.today,
    bodyOptions,
    action: `/documenten/${f.slug}/versies/${f.version.naam}/onderschrijven`,
  };
}

/** Everything the withdraw page shows besides the form. */
export function withdrawFormModel(record: EndorsementRecord) {
  return {
    title: `Onderschrijving van versie ${record.versie} intrekken`,
    record,
    bodyLabel: DECIDING_BODY_LABEL,
    action: `/documenten/${record.document}/onderschrijvingen/${record.id}/intrekken`,
  };
}
