/**
 * Seeds the register of organisations on first start (idempotent): the 342 municipalities of the
 * CBS list for 2025 (`<referenceDir>/gemeenten-2025.csv`, keyed by CBS code), Antwerpen (which endorsed
 * the principles according to the VNG members' letter) and the VNG itself.
 *
 * Only organisations whose code is missing are added; existing records are never changed, so an
 * administrator's corrections survive every restart. All additions are one durable `db.update`, and one
 * audit entry records them (only when something was added). The write order is db first, then audit: a
 * crash in between leaves the organisations in place without their audit entry (a second start finds
 * nothing to add and does not write one); it never leaves an audit entry for something that was not stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { organisationsLoaded } from '../../domain/auditEvents.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';

export const MUNICIPALITIES_FILE = 'gemeenten-2025.csv';
export const MUNICIPALITIES_SOURCE = 'CBS gebiedsindeling 2025';
const MUNICIPALITY_CODE = /^GM\d{4}$/;

type SeedOrganisation = Omit<OrganisationRecord, 'aangemaakt'>;

/** The organisations that are not in the CBS list but belong in the register from the start. */
export const OTHER_SEED_ORGANISATIONS: readonly SeedOrganisation[] = [
  {
    code: 'BE-ANTWERPEN',
    naam: 'Antwerpen',
    type: 'buitenlandse-gemeente',
    bron: "VNG-ledenbrief 'Principes voor de digitale stad' (onderschrijver)",
  },
  {
    code: 'VNG',
    naam: 'Vereniging van Nederlandse Gemeenten',
    type: 'overig',
    bron: "VNG-ledenbrief 'Principes voor de digitale stad'",
  },
];

/**
 * Parses CSV text as RFC 4180: fields separated by commas, records by CRLF or LF, fields optionally
 * in double quotes (which may hold commas, line breaks and `""` for a quote). A leading BOM is
 * ignored, and so is a final line break. Throws on a quote in an unquoted field or an unterminated quote.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  /** Whether the current record has any content yet (a field, a comma or a quoted empty field). */
  let inRecord = false;
  let line = 1;
  let i = 0;
  const endRecord = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
    inRecord = false;
  };
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"' && field === '') {
      const start = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new Error(`CSV line ${start}: unterminated quoted field`);
        const c = input[i];
        i += 1;
        if (c === '"') {
          if (input[i] !== '"') break;
          i += 1;
        } else if (c === '\n') {
          line += 1;
        }
        field += c;
      }
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`CSV line ${line}: text after a closing quote`);
      }
      inRecord = true;
    } else if (ch === '"') {
      throw new Error(`CSV line ${line}: a quote inside an unquoted field`);
    } else if (ch === ',') {
      row.push(field);
      field = '';
      inRecord = true;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      line += 1;
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      inRecord = true;
      i += 1;
    }
  }
  if (inRecord) endRecord();
  return rows;
}

/** Reads and checks the CBS list: header `code,name`, codes `GM` + 4 digits, unique, names not empty. */
export function readMunicipalities(referenceDir: string): SeedOrganisation[] {
  const file = path.join(referenceDir, MUNICIPALITIES_FILE);
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const [header, ...records] = rows;
  if (header === undefined || header.map((h) => h.trim()).join(',') !== 'code,name') {
    throw new Error(`${file}: expected the header "code,name"`);
  }
  const seen = new Set<string>();
  const result: SeedOrganisation[] = [];
  records.forEach((record, index) => {
    const where = `${file}, record ${index + 1}`;
    // A blank line is not a municipality.
    if (record.length === 1 && record[0]?.trim() === '') return;
    if (record.length !== 2) throw new Error(`${where}: expected 2 fields, found ${record.length}`);
    const code = (record[0] ?? '').trim();
    const naam = (record[1] ?? '').trim().normalize('NFC');
    if (!MUNICIPALITY_CODE.test(code)) throw new Error(`${where}: "${code}" is not a CBS municipality code (GM0000)`);
    if (naam === '') throw new Error(`${where}: the name of ${code} is empty`);
    if (seen.has(code)) throw new Error(`${where}: ${code} occurs twice`);
    seen.add(code);
    result.push({ code, naam, type: 'gemeente', bron: MUNICIPALITIES_SOURCE });
  });
  if (result.length === 0) throw new Error(`${file}: no municipalities`);
  return result;
}

export async function seedOrganisations(stores: Stores, referenceDir: string): Promise<{ created: number }> {
  const wanted = [...readMunicipalities(referenceDir), ...OTHER_SEED_ORGANISATIONS];
  const missing = (existing: readonly OrganisationRecord[]) => {
    const known = new Set(existing.map((o) => o.code));
    return wanted.filter((o) => !known.has(o.code));
  };
  // Nothing to do (every start after the first): no write at all.
  if (missing(stores.db.data.organisaties).length === 0) return { created: 0 };

  const aangemaakt = new Date().toISOString();
  const added = await stores.db.update((draft) => {
    const toAdd = missing(draft.organisaties).map((o): OrganisationRecord => ({ ...o, aangemaakt }));
    draft.organisaties.push(...toAdd);
    return toAdd;
  });
  if (added.length > 0) {
    await stores.audit.append(organisationsLoaded({ aantal: added.length, bron: `${MUNICIPALITIES_SOURCE} (${MUNICIPALITIES_FILE})`, codes: added.map((o) => o.code) }));
  }
  return { created: added.length };
}
