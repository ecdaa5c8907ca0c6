/**
 * The adoption-document model without I/O: which version is the baseline, which amendments are in
 * the window, the date of generation and the audit head, the redline with its attribution to the
 * amendments' proposers, and the deterministic zip used for the DOCX.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AmendmentRecord, Party } from '../../src/domain/amendmentModel.js';
import {
  amendmentWindow,
  auditAnchor,
  buildAdoptionDocument,
  chooseBaseline,
  DraftHistory,
  EDITORIAL_AUTHOR,
  generationTime,
  type AdoptionInput,
  type DraftStep,
} from '../../src/domain/adoptionDocument.js';
import type { StepFile } from '../../src/domain/redlineProvenance.js';
import type { DocumentText } from '../../src/domain/documentModel.js';
import type { VersionStateRecord } from '../../src/domain/versionStatus.js';
import { compareVersionNames, namedVersionStatus } from '../../src/domain/versionStatus.js';
import { percentageErrors } from '../../src/commands/versions/recordAdoption.js';
import { renderAdoptionHtml } from '../../src/presenters/adoption/html.js';
import { renderAdoptionMarkdown } from '../../src/presenters/adoption/markdown.js';
import { crc32, readZip, writeZip } from '../../src/presenters/adoption/zipArchive.js';

const party = (naam: string, org: string | null = null): Party => ({ gebruiker: `u-${naam}`, naam, organisatie: org ? { code: org, naam: org } : null });

function state(versie: string, extra: Partial<VersionStateRecord> = {}): VersionStateRecord {
  return { document: 'd', versie, commit: 'c', tree: 't', agendering: null, besluittekst: null, besluiten: [], ...extra };
}

function adopted(versie: string, tijdstip = '2026-06-12T10:00:00.000Z'): VersionStateRecord {
  return state(versie, {
    besluiten: [{ alvDatum: '2026-06-12', datum: '2026-06-12', uitkomst: 'aangenomen', percentages: { voor: 90, tegen: 5, onthouding: 5 }, kenmerk: 'K', door: party('S'), tijdstip }],
  });
}

function amendment(nummer: number, besluit: AmendmentRecord['besluit'], indiener = party(`Indiener ${nummer}`, 'Utrecht')): AmendmentRecord {
  return {
    document: 'd',
    nummer,
    titel: `Amendement ${nummer}`,
    toelichting: '',
    status: besluit?.besluit ?? 'ingediend',
    branch: `amendementen/${nummer}`,
    indiener,
    medeIndieners: [],
    revisies: [],
    beoordelingen: [],
    reacties: [],
    besluit,
    aangemaakt: '2026-01-01T00:00:00.000Z',
    gewijzigd: '2026-01-01T00:00:00.000Z',
  };
}

/** The principle files that differ between two texts, as a step of the draft would carry them. */
function filesChanged(before: DocumentText, after: DocumentText): StepFile[] {
  const names = new Set([...before.principes, ...after.principes].map((p) => p.bestand));
  const text = (d: DocumentText, b: string) => d.principes.find((p) => p.bestand === b)?.tekst ?? null;
  return [...names].sort().flatMap((bestand) => {
    const voor = text(before, bestand);
    const na = text(after, bestand);
    return voor === na ? [] : [{ bestand, voor, na }];
  });
}

function historyOf(steps: DraftStep[]): DraftHistory {
  const h = new DraftHistory();
  for (const s of steps) h.add(s);
  return h;
}

function doc(...principles: [string, string][]): DocumentText {
  return {
    meta: { titel: 'Principes', beschrijving: '', nummering: 'doorlopend' },
    principes: principles.map(([titel, body], i) => ({ bestand: `0${i + 1}-p.md`, nummer: i + 1, titel, tekst: `# ${titel}\n\n${body}\n` })),
  };
}

describe('version order and status', () => {
  it('orders version names numerically', () => {
    expect(['1.10', '2.0', '1.2', '1.0'].sort(compareVersionNames)).toEqual(['1.0', '1.2', '1.10', '2.0']);
  });

  it('gepubliceerd, ter-vaststelling while on the agenda, vastgesteld once adopted, back after a deferral', () => {
    expect(namedVersionStatus(undefined)).toBe('gepubliceerd');
    expect(namedVersionStatus(state('1.1', { agendering: { alvDatum: '2026-06-12', door: party('S'), tijdstip: 'x' } }))).toBe('ter-vaststelling');
    expect(namedVersionStatus(adopted('1.1'))).toBe('vastgesteld');
    const deferred = state('1.1', { besluiten: [{ ...(adopted('1.1').besluiten[0] as VersionStateRecord['besluiten'][number]), uitkomst: 'aangehouden', percentages: null }] });
    expect(namedVersionStatus(deferred)).toBe('gepubliceerd');
  });
});

describe('the baseline of the redline', () => {
  it('is 1.0 while nothing was adopted, and the newest adopted older version after', () => {
    expect(chooseBaseline(['1.0', '1.1', '1.2'], [], 'd', '1.2')).toEqual({ naam: '1.0', vastgesteld: false });
    expect(chooseBaseline(['1.0', '1.1', '1.2'], [adopted('1.0')], 'd', '1.2')).toEqual({ naam: '1.0', vastgesteld: true });
    expect(chooseBaseline(['1.0', '1.1', '1.2', '1.10'], [adopted('1.0'), adopted('1.2')], 'd', '1.10')).toEqual({ naam: '1.2', vastgesteld: true });
    // A version's own adoption does not change its own document's baseline.
    expect(chooseBaseline(['1.0', '1.1'], [adopted('1.1')], 'd', '1.1')).toEqual({ naam: '1.0', vastgesteld: false });
    expect(chooseBaseline(['1.0'], [], 'd', '1.0')).toEqual({ naam: '1.0', vastgesteld: false });
  });
});

describe('the amendments in the window', () => {
  const decided = (besluit: 'overgenomen' | 'verworpen' | 'ingetrokken', tijdstip: string, commit?: string) => ({ besluit, reden: 'r', door: party('S'), tijdstip, ...(commit ? { commit } : {}) });
  it('merged by ancestry, rejected and withdrawn by time, open ones never', () => {
    const records = [
      amendment(4, decided('overgenomen', '2026-02-01T00:00:00.000Z', 'in-version')),
      amendment(2, decided('overgenomen', '2026-01-01T00:00:00.000Z', 'in-baseline')),
      amendment(3, decided('verworpen', '2026-02-02T00:00:00.000Z')),
      amendment(5, decided('ingetrokken', '2026-04-01T00:00:00.000Z')),
      amendment(1, decided('verworpen', '2025-12-01T00:00:00.000Z')),
      amendment(6, null),
    ];
    const window = amendmentWindow(records, {
      mergedInVersion: (c) => c === 'in-version' || c === 'in-baseline',
      mergedInBaseline: (c) => c === 'in-baseline',
      fromMs: Date.parse('2026-01-15T00:00:00.000Z'),
      toMs: Date.parse('2026-03-01T00:00:00.000Z'),
    });
    expect(window.map((a) => a.nummer)).toEqual([3, 4]);
  });
});

describe('date of generation and audit head', () => {
  const version = { naam: '1.1', tag: 'v1.1', commit: 'c', tree: 't', benoemd: '2026-03-01T10:00:00.000Z' };
  it('is the latest relevant record, not the clock; later versions and other documents do not count', () => {
    const states = [
      state('1.1', { agendering: { alvDatum: '2026-06-12', door: party('S'), tijdstip: '2026-04-01T10:00:00.000Z' } }),
      adopted('1.0', '2026-02-01T00:00:00.000Z'),
      adopted('1.2', '2027-01-01T00:00:00.000Z'),
      { ...adopted('1.1', '2027-01-01T00:00:00.000Z'), document: 'ander' },
    ];
    expect(generationTime({ version, slug: 'd', states, amendments: [], endorsements: [] })).toBe('2026-04-01T10:00:00.000Z');
    expect(generationTime({ version, slug: 'd', states: [], amendments: [], endorsements: [] })).toBe(version.benoemd);
  });

  it('the audit head is the entry of the latest relevant change; later unrelated entries do not move it', () => {
    const e = (volgnummer: number, tijdstip: string, id: string) => ({ volgnummer, tijdstip, object: { id }, hash: `h${volgnummer}` });
    const entries = [e(1, '2026-03-01T10:00:00.000Z', 'd@1.1'), e(2, '2026-04-01T10:00:00.005Z', 'd@1.1'), e(3, '2026-04-02T00:00:00.000Z', 'sessie')];
    const ids = new Set(['d@1.1']);
    expect(auditAnchor(entries, '2026-04-01T10:00:00.000Z', ids)?.volgnummer).toBe(2);
    expect(auditAnchor([...entries, e(4, '2026-05-01T00:00:00.000Z', 'x')], '2026-04-01T10:00:00.000Z', ids)?.volgnummer).toBe(2);
    // A change whose entry cannot be matched: the first entry written at or after it.
    expect(auditAnchor(entries, '2026-04-01T12:00:00.000Z', ids)?.volgnummer).toBe(3);
  });
});

describe('percentages', () => {
  it('each 0..100, together at most 100 (in hundredths)', () => {
    expect(percentageErrors({ voor: 33.33, tegen: 33.33, onthouding: 33.34 })).toEqual([]);
    expect(percentageErrors({ voor: -1, tegen: 0, onthouding: 0 }).map((e) => e.name)).toEqual(['percentages.voor']);
    expect(percentageErrors({ voor: 60, tegen: 40.01, onthouding: 0 }).map((e) => e.name)).toEqual(['percentages']);
    expect(percentageErrors({ voor: Number.NaN, tegen: 0, onthouding: 0 }).map((e) => e.name)).toEqual(['percentages.voor']);
  });
});

describe('the redline and its attribution', () => {
  const base = doc(['Een', 'Zin een.\nZin twee blijft.'], ['Twee', 'Alleen dit.']);
  const afterA = doc(['Een', 'Zin een, gewijzigd.\nZin twee blijft.'], ['Twee', 'Alleen dit.']);
  const final: DocumentText = {
    ...afterA,
    principes: [
      ...(afterA.principes.slice(0, 1)),
      { bestand: '02-p.md', nummer: 2, titel: 'Twee nieuw', tekst: '# Twee nieuw\n\nAlleen dit.\nEen redactionele zin.\n' },
    ],
  };
  const a7 = amendment(7, { besluit: 'overgenomen', reden: 'Goed.', door: party('S'), tijdstip: '2026-02-01T09:30:00.123Z', commit: 'm7' }, party('Anna', 'Amsterdam'));
  const input = (): AdoptionInput => ({
    slug: 'd',
    publicUrl: 'https://example.org/',
    version: { naam: '1.1', tag: 'v1.1', commit: 'c11', tree: 't11', benoemd: '2026-03-01T10:00:00.000Z' },
    text: final,
    baseline: { naam: '1.0', commit: 'c10', text: base, vastgesteld: false },
    state: undefined,
    amendments: [{ record: a7 }, { record: amendment(8, { besluit: 'verworpen', reden: 'Nee | nooit.', door: party('S'), tijdstip: '2026-02-02T00:00:00.000Z' }) }],
    history: historyOf([{ amendement: a7, commit: 'm7', vastgelegdDoor: 'S', tijdstip: '2026-02-01T09:30:00.000Z', bestanden: filesChanged(base, afterA) }]),
    endorsements: [],
    municipalities: 342,
    aangemaakt: '2026-03-01T10:00:00.000Z',
    audit: null,
  });

  it('changes from an amendment carry its proposer and decision time; others are editorial', () => {
    const model = buildAdoptionDocument(input());
    const [p1, p2] = model.redline.principes;
    const changed = p1?.zinnen[0]?.delen ?? [];
    expect(changed.some((d) => d.soort !== 'gelijk')).toBe(true);
    for (const part of changed) {
      if (part.soort !== 'gelijk') expect(part.bron).toEqual({ amendement: 7, commit: null, auteur: 'Anna (Amsterdam)', datum: '2026-02-01T09:30:00Z' });
    }
    expect(p2?.kop?.map((k) => [k.soort, k.tekst])).toEqual([
      ['verwijderd', 'Twee'],
      ['ingevoegd', 'Twee nieuw'],
    ]);
    const editorial = p2?.zinnen.flatMap((z) => z?.delen ?? []).find((d) => d.soort === 'ingevoegd');
    expect(editorial).toMatchObject({ tekst: 'Een redactionele zin.', bron: { amendement: null, auteur: EDITORIAL_AUTHOR, datum: '2026-03-01T10:00:00Z' } });
    expect(model.amendementen.map((a) => [a.nummer, a.besluit, a.url])).toEqual([
      [7, 'overgenomen', 'https://example.org/documenten/d/amendementen/7'],
      [8, 'verworpen', 'https://example.org/documenten/d/amendementen/8'],
    ]);
  });

  it('renders the same model to the same Markdown and HTML, with CriticMarkup and <ins>/<del>', () => {
    const md = renderAdoptionMarkdown(buildAdoptionDocument(input()));
    expect(renderAdoptionMarkdown(buildAdoptionDocument(input()))).toBe(md);
    expect(md).toContain('Zin een{++, gewijzigd++}. {>>Amendement 7 (Anna (Amsterdam))<<}');
    expect(md).toContain('Titel: {--Twee--}{++Twee nieuw++}');
    expect(md).toContain('| Nee \\| nooit. |');
    const html = renderAdoptionHtml(buildAdoptionDocument(input()));
    expect(renderAdoptionHtml(buildAdoptionDocument(input()))).toBe(html);
    expect(html).toContain('<ins cite="https://example.org/documenten/d/amendementen/7" datetime="2026-02-01T09:30:00Z" title="Amendement 7 (Anna (Amsterdam))">, gewijzigd</ins>');
  });

  it('escapes what users wrote in HTML', () => {
    const i = input();
    const evil = { ...i, state: state('1.1', { besluittekst: { tekst: '<script>alert(1)</script>', door: party('S'), tijdstip: '2026-03-02T00:00:00.000Z' } }) };
    const html = renderAdoptionHtml(buildAdoptionDocument(evil));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the deterministic zip', () => {
  it('crc32 agrees with zlib, a written zip reads back, and one time for every entry gives the same bytes', () => {
    const data = Buffer.from('Principes voor de digitale stad — één tekst\n'.repeat(50), 'utf8');
    if (typeof (zlib as { crc32?: (d: Buffer) => number }).crc32 === 'function') expect(crc32(data)).toBe((zlib as unknown as { crc32: (d: Buffer) => number }).crc32(data));
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const entries = [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data },
    ];
    const a = writeZip(entries, new Date('2026-06-12T10:00:00Z'));
    const b = writeZip(entries, new Date('2026-06-12T10:00:00Z'));
    expect(a.equals(b)).toBe(true);
    expect(readZip(a).map((e) => [e.name, e.data.toString('utf8')])).toEqual(entries.map((e) => [e.name, e.data.toString('utf8')]));
  });
});
