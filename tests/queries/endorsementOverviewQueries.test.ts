import { describe, expect, it } from 'vitest';
import type { EndorsementRecord } from '../../src/domain/endorsementModel.js';
import type { OrganisationType } from '../../src/domain/roles.js';
import { DocumentEndorsements } from '../../src/queries/endorsementOverviewIndex.js';
import {
  compareVersionNames,
  endorsementTableQuerySchema,
  newestVersionPerOrganisation,
  organisationEndorsements,
  toRow,
  type EndorsementTableQuery,
} from '../../src/queries/endorsementOverviewQueries.js';

/** The overview's read model of one document's records, as the page uses it. */
function overview(list: readonly EndorsementRecord[]): DocumentEndorsements {
  const d = new DocumentEndorsements();
  for (const r of list) d.add(r);
  return d;
}
const countsPerVersion = (list: readonly EndorsementRecord[], versionsNewestFirst: readonly string[], total: number) => overview(list).counts(versionsNewestFirst, total);
const endorsementTable = (list: readonly EndorsementRecord[], query: Partial<EndorsementTableQuery>, versionsNewestFirst: readonly string[]) =>
  overview(list).table(query, versionsNewestFirst).records.map(toRow);
const endorsementTimeline = (list: readonly EndorsementRecord[]) => overview(list).timeline();

let n = 0;
function rec(code: string, naam: string, versie: string, extra: Partial<EndorsementRecord> & { type?: OrganisationType } = {}): EndorsementRecord {
  n += 1;
  const { type, ...rest } = extra;
  return {
    id: `ond_${String(n).padStart(3, '0')}`,
    document: 'digitale-stad',
    organisatie: { code, naam, type: type ?? (code.startsWith('GM') ? 'gemeente' : 'buitenlandse-gemeente') },
    versie,
    commit: 'c'.repeat(40),
    tree: 't'.repeat(40),
    status: 'actief',
    ondertekenaar: { naam: null, functie: null },
    besluit: { orgaan: null, datum: null, kenmerk: null, url: null },
    bron: 'ledenbrief',
    door: null,
    vastgelegd: '2025-11-01T10:00:00.000Z',
    intrekking: null,
    ...rest,
  };
}

const party = { gebruiker: 'gbr_1', naam: 'Piet', organisatie: null };
const withdrawn = (tijdstip: string, reden = 'Raad besloot anders') => ({ status: 'ingetrokken' as const, intrekking: { reden, door: party, tijdstip } });
const decided = (datum: string, orgaan: 'college' | 'raad' = 'raad') => ({
  bron: 'dienst' as const,
  besluit: { orgaan, datum, kenmerk: 'K-1', url: null },
  ondertekenaar: { naam: 'A. Burger', functie: 'burgemeester' },
  vastgelegd: `${datum}T12:00:00.000Z`,
});

const versions = ['1.1', '1.0'];
const records: EndorsementRecord[] = [
  rec('GM0772', 'Eindhoven', '1.0'),
  rec('GM0363', 'Amsterdam', '1.0'),
  rec('BE-ANTWERPEN', 'Antwerpen', '1.0'),
  rec('GM0796', "'s-Hertogenbosch", '1.0'),
  rec('GM0344', 'Utrecht', '1.1', decided('2026-01-15', 'college')),
  rec('GM0363', 'Amsterdam', '1.1', decided('2026-02-01')),
  rec('GM0599', 'Rotterdam', '1.1', { ...decided('2026-01-20'), ...withdrawn('2026-03-01T09:00:00.000Z') }),
  rec('PV27', 'Provincie Noord-Holland', '1.1', { ...decided('2026-02-10', 'college'), type: 'provincie' }),
  rec('GM0772', 'Eindhoven', '1.0', { document: 'ander-document' }),
];
const ofDoc = records.filter((r) => r.document === 'digitale-stad');

describe('counts and newest versions', () => {
  it('orders version names by number', () => {
    expect(['1.10', '1.9', '2.0', '1.0'].sort(compareVersionNames)).toEqual(['1.0', '1.9', '1.10', '2.0']);
  });

  it('counts municipalities and other organisations with an active endorsement per version, each once', () => {
    const dup = [...ofDoc, rec('GM0344', 'Utrecht', '1.1', decided('2026-01-16'))];
    expect(countsPerVersion(dup, versions, 342)).toEqual({
      perVersie: [
        { versie: '1.1', gemeenten: 2, overige: 1, totaal: 3 },
        { versie: '1.0', gemeenten: 3, overige: 1, totaal: 4 },
      ],
      gemeenten: 4,
      overige: 2,
      gemeentenTotaal: 342,
    });
    expect(countsPerVersion([], versions, 342)).toEqual({ perVersie: [], gemeenten: 0, overige: 0, gemeentenTotaal: 342 });
  });

  it('gives per organisation the newest version it actively endorses, in the document order', () => {
    const newest = newestVersionPerOrganisation(ofDoc, versions);
    expect(Object.fromEntries(newest)).toEqual({ 'GM0772': '1.0', GM0363: '1.1', 'BE-ANTWERPEN': '1.0', GM0796: '1.0', GM0344: '1.1', PV27: '1.1' });
    expect(newest.has('GM0599')).toBe(false);
  });
});

describe('the table', () => {
  const q = (input: Record<string, string>) => endorsementTableQuerySchema.parse(input);
  const names = (rows: { organisatie: { naam: string }; versie: string }[]) => rows.map((r) => `${r.organisatie.naam} ${r.versie}`);

  it('sorts by name by default, ignoring a leading \'s-, with the newest version first for one organisation', () => {
    expect(names(endorsementTable(ofDoc, q({}), versions))).toEqual([
      'Amsterdam 1.1',
      'Amsterdam 1.0',
      'Antwerpen 1.0',
      'Eindhoven 1.0',
      "'s-Hertogenbosch 1.0",
      'Provincie Noord-Holland 1.1',
      'Rotterdam 1.1',
      'Utrecht 1.1',
    ]);
    expect(names(endorsementTable(ofDoc, q({ richting: 'aflopend' }), versions))[0]).toBe('Utrecht 1.1');
  });

  it('sorts by every column, both directions, with a total order', () => {
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'datum' }), versions)).slice(-4)).toEqual(['Utrecht 1.1', 'Rotterdam 1.1', 'Amsterdam 1.1', 'Provincie Noord-Holland 1.1']);
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'datum', richting: 'aflopend' }), versions))[0]).toBe('Provincie Noord-Holland 1.1');
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'versie' }), versions)).slice(0, 4)).toEqual(['Amsterdam 1.0', 'Antwerpen 1.0', 'Eindhoven 1.0', "'s-Hertogenbosch 1.0"]);
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'type' }), versions))[0]).toBe('Antwerpen 1.0');
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'type', richting: 'aflopend' }), versions))[0]).toBe('Provincie Noord-Holland 1.1');
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'status', richting: 'aflopend' }), versions))[0]).toBe('Rotterdam 1.1');
    expect(names(endorsementTable(ofDoc, q({ sorteer: 'orgaan', richting: 'aflopend' }), versions)).slice(0, 3)).toEqual(['Amsterdam 1.1', 'Rotterdam 1.1', 'Provincie Noord-Holland 1.1']);
    for (const sorteer of ['organisatie', 'type', 'versie', 'datum', 'orgaan', 'status']) {
      const up = endorsementTable(ofDoc, q({ sorteer }), versions);
      expect(up).toHaveLength(8);
      expect(endorsementTable([...ofDoc].reverse(), q({ sorteer }), versions)).toEqual(up);
    }
  });

  it('filters by version, type, status, deciding body and a name or code search', () => {
    expect(names(endorsementTable(ofDoc, q({ versie: '1.0' }), versions))).toHaveLength(4);
    expect(names(endorsementTable(ofDoc, q({ type: 'provincie' }), versions))).toEqual(['Provincie Noord-Holland 1.1']);
    expect(names(endorsementTable(ofDoc, q({ status: 'ingetrokken' }), versions))).toEqual(['Rotterdam 1.1']);
    expect(names(endorsementTable(ofDoc, q({ orgaan: 'college' }), versions))).toEqual(['Provincie Noord-Holland 1.1', 'Utrecht 1.1']);
    expect(names(endorsementTable(ofDoc, q({ zoek: 's hertogenbosch' }), versions))).toEqual(["'s-Hertogenbosch 1.0"]);
    expect(names(endorsementTable(ofDoc, q({ zoek: '0363', versie: '1.0' }), versions))).toEqual(['Amsterdam 1.0']);
    expect(endorsementTable(ofDoc, q({ zoek: 'niemand' }), versions)).toEqual([]);
  });

  it('rows carry what the page shows: ledenbrief source, dates, body label, status and withdrawal date', () => {
    const rows = endorsementTable(ofDoc, q({}), versions);
    expect(rows.find((r) => r.organisatie.naam === 'Antwerpen')).toMatchObject({ ledenbrief: true, datum: null, orgaan: null, orgaanLabel: null, statusLabel: 'Actief', organisatie: { typeLabel: 'Buitenlandse gemeente' } });
    expect(rows.find((r) => r.organisatie.naam === 'Rotterdam')).toMatchObject({ ledenbrief: false, datum: '2026-01-20', orgaanLabel: 'Gemeenteraad', statusLabel: 'Ingetrokken', ingetrokkenOp: '2026-03-01' });
  });

  it('invalid filters are Dutch field errors; an unknown sort falls back to the default', () => {
    const bad = endorsementTableQuerySchema.safeParse({ type: 'stad', status: 'weg', versie: 'x', orgaan: 'koning', zoek: 'x'.repeat(101) });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['versie', 'Kies een versie uit de lijst, bijvoorbeeld 1.0.'],
      ['type', 'Kies een type organisatie uit de lijst.'],
      ['status', 'Kies als status actief of ingetrokken.'],
      ['orgaan', 'Kies een besluitvormend orgaan uit de lijst.'],
      ['zoek', 'Een zoekterm is hoogstens 100 tekens.'],
    ]);
    expect(q({ sorteer: 'onzin', richting: 'zijwaarts', type: '' })).toEqual({ sorteer: 'organisatie', richting: 'oplopend', pagina: 1 });
  });

  it('a page number comes from our own links: a whole number from 1, anything else is page 1', () => {
    expect(q({ pagina: '3' }).pagina).toBe(3);
    for (const bad of ['0', '-2', '1.5', 'twee', '', '99999999999']) expect(q({ pagina: bad }).pagina).toBe(1);
    expect(q({ pagina: ['2', '3'] as unknown as string }).pagina).toBe(1);
  });
});

describe('the timeline', () => {
  it('counts organisations with an active endorsement per day from the decision date; withdrawals count down; undated ones apart', () => {
    // The four letter endorsements have no decision date: not on the line (not on the day they were
    // recorded either), but counted apart.
    expect(endorsementTimeline(ofDoc)).toEqual([
      { datum: '2026-01-15', aantal: 1, gemeenten: 1, bij: 1, af: 0 },
      { datum: '2026-01-20', aantal: 2, gemeenten: 2, bij: 1, af: 0 },
      { datum: '2026-02-01', aantal: 3, gemeenten: 3, bij: 1, af: 0 },
      { datum: '2026-02-10', aantal: 4, gemeenten: 3, bij: 1, af: 0 },
      { datum: '2026-03-01', aantal: 3, gemeenten: 2, bij: 0, af: 1 },
    ]);
    expect(overview(ofDoc).undated()).toEqual({ aantal: 4, ledenbrief: 4 });
    // Amsterdam endorses 1.1 as well, dated, on top of its letter endorsement of 1.0: one organisation.
    const dated = ofDoc.map((r) => (r.besluit.datum === null ? { ...r, ...decided('2026-01-10') } : r));
    expect(endorsementTimeline(dated).map((p) => [p.datum, p.aantal, p.bij])).toEqual([
      ['2026-01-10', 4, 4],
      ['2026-01-15', 5, 1],
      ['2026-01-20', 6, 1],
      ['2026-02-01', 6, 1],
      ['2026-02-10', 7, 1],
      ['2026-03-01', 6, 0],
    ]);
    expect(overview(dated).undated()).toEqual({ aantal: 0, ledenbrief: 0 });
    expect(endorsementTimeline([])).toEqual([]);
  });
});

describe('one organisation', () => {
  const versionsOf = (d: string) => (d === 'digitale-stad' ? versions : ['1.0']);

  it('lists every endorsement and withdrawal per document, newest version first, and says when it is behind', () => {
    const amsterdam = organisationEndorsements(records, 'GM0363', versionsOf);
    expect(amsterdam).toHaveLength(1);
    expect(amsterdam[0]).toMatchObject({ document: 'digitale-stad', onderschreven: '1.1', nieuwste: '1.1', verouderd: false });
    expect(amsterdam[0]?.items.map((e) => e.versie)).toEqual(['1.1', '1.0']);

    const eindhoven = organisationEndorsements(records, 'GM0772', versionsOf);
    expect(eindhoven.map((g) => [g.document, g.onderschreven, g.nieuwste, g.verouderd])).toEqual([
      ['ander-document', '1.0', '1.0', false],
      ['digitale-stad', '1.0', '1.1', true],
    ]);

    const rotterdam = organisationEndorsements(records, 'GM0599', versionsOf);
    expect(rotterdam[0]).toMatchObject({ onderschreven: null, verouderd: false });
    expect(rotterdam[0]?.items[0]?.intrekking?.reden).toBe('Raad besloot anders');
    expect(organisationEndorsements(records, 'GM0014', versionsOf)).toEqual([]);
  });
});
