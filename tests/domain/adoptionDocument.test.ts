/**
 * The adoption-document model without I/O: which version is the baseline, which amendments are in
 * the window, the date of generation and the audit head, the redline with its attribution to the
 * amendments' proposers, and the deterministic zip used for the DOCX.
 */
import zlib from 'node:zlib';
import MarkdownIt from 'markdown-it';
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
import { percentageErrors } from '../../src/domain/versionStatus.js';
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

  it('splits a change where the step that made it changes: two amendments and a direct commit in one sentence', () => {
    const one = doc(['Techniek', 'Het is bekend, veilig en interoperabel.\nDeze zijn leidend.']);
    const a = doc(['Techniek', 'Het is bekend, duurzaam, veilig en interoperabel.\nDeze zijn meestal leidend.']);
    const b = doc(['Techniek', 'Het is bekend, duurzaam, veilig en uitwisselbaar.\nDeze zijn meestal leidend.']);
    const c = doc(['Techniek', 'Het is nu bekend, duurzaam, veilig en uitwisselbaar.\nDeze zijn altijd leidend.']);
    const merged = (nummer: number, who: Party, tijdstip: string) => amendment(nummer, { besluit: 'overgenomen', reden: 'Ja.', door: party('S'), tijdstip, commit: `m${nummer}` }, who);
    const a1 = merged(1, party('Anna', 'Amsterdam'), '2026-02-01T10:00:00.000Z');
    const a2 = merged(2, party('Uma', 'Utrecht'), '2026-02-02T10:00:00.000Z');
    const history = historyOf([
      { amendement: a1, commit: 'm1', vastgelegdDoor: 'S', tijdstip: '2026-02-01T10:00:00.000Z', bestanden: filesChanged(one, a) },
      { amendement: a2, commit: 'm2', vastgelegdDoor: 'S', tijdstip: '2026-02-02T10:00:00.000Z', bestanden: filesChanged(a, b) },
      { amendement: null, commit: 'c3c3c3c3c3c3', vastgelegdDoor: 'Dirk', tijdstip: '2026-02-03T10:00:00.000Z', bestanden: filesChanged(b, c) },
    ]);
    const model = buildAdoptionDocument({ ...input(), text: c, baseline: { naam: '1.0', commit: 'c10', text: one, vastgesteld: false }, amendments: [{ record: a1 }, { record: a2 }], history });
    const changes = (model.redline.principes[0]?.zinnen.flatMap((z) => z?.delen ?? []) ?? []).flatMap((d) => (d.soort === 'gelijk' ? [] : [d]));
    expect(changes.map((d) => [d.soort, d.tekst, d.bron.amendement ?? d.bron.auteur])).toEqual([
      ['ingevoegd', 'nu ', 'Dirk'],
      ['ingevoegd', 'duurzaam, ', 1],
      ['verwijderd', 'interoperabel', 2],
      ['ingevoegd', 'uitwisselbaar', 2],
      // Amendment 1 inserted "meestal ", the commit replaced "meestal": the space goes with the word.
      ['ingevoegd', 'altijd ', 'Dirk'],
    ]);
    const direct = changes.find((d) => d.tekst === 'nu ');
    expect(direct?.bron).toEqual({ amendement: null, commit: 'c3c3c3c3c3c3', auteur: 'Dirk', datum: '2026-02-03T10:00:00Z' });
    const md = renderAdoptionMarkdown(model);
    expect(md).toContain('Het is {++nu ++}{>>Dirk, commit c3c3c3c3c3 (geen amendement)<<}bekend, {++duurzaam, ++}{>>Amendement 1 (Anna (Amsterdam))<<}veilig en {--interoperabel--}{++uitwisselbaar++}{>>Amendement 2 (Uma (Utrecht))<<}.');
    const html = renderAdoptionHtml(model);
    expect(html).toContain('<ins cite="https://example.org/documenten/d/versies/c3c3c3c3c3c3" datetime="2026-02-03T10:00:00Z" title="Dirk, commit c3c3c3c3c3 (geen amendement)">nu </ins>');
    expect(html).toContain('title="Amendement 1 (Anna (Amsterdam))">duurzaam, </ins>');
  });

  it('without a known line from the baseline to the version, every change is the editorial fallback', () => {
    const model = buildAdoptionDocument({ ...input(), history: null });
    const changed = model.redline.principes.flatMap((p) => p.zinnen.flatMap((z) => z?.delen ?? [])).flatMap((d) => (d.soort === 'gelijk' ? [] : [d]));
    expect(changed.length).toBeGreaterThan(0);
    for (const d of changed) expect(d.bron.auteur).toBe(EDITORIAL_AUTHOR);
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

describe('user text in the Markdown and HTML documents', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const JS_LINK = '[klik hier](javascript:alert(1))';
  const IMG = '<img src=x onerror=alert(1)>';
  const evilText = doc([`Titel ${SCRIPT}`, `Gewone zin met ${JS_LINK} en ${IMG}.\n![logo](https://tracker.example/p.png) {++nep++} en [goed](https://example.org/a_b).\n- punt *nadruk* met \`code <b>\`\n\n1. Eerste\n2. Tweede\n\n> Citaat <i>x</i>\n\n# Kop ${SCRIPT}`]);
  const evilParty = (naam: string): Party => ({ gebruiker: 'u', naam, organisatie: { code: 'GM0363', naam: `Amsterdam ${IMG}` } });
  const evil = (): AdoptionInput => {
    const a = amendment(3, { besluit: 'verworpen', reden: `Reden ${JS_LINK} | ${SCRIPT}`, door: party('S'), tijdstip: '2026-02-02T00:00:00.000Z' }, evilParty(`Eva ${SCRIPT}`));
    return {
      slug: 'd',
      publicUrl: 'https://example.org',
      version: { naam: '1.1', tag: 'v1.1', commit: 'c11', tree: 't11', benoemd: '2026-03-01T10:00:00.000Z' },
      text: evilText,
      baseline: { naam: '1.0', commit: 'c10', text: doc(['Titel', 'Gewone zin.']), vastgesteld: false },
      state: state('1.1', {
        besluittekst: { tekst: `Besluit ${SCRIPT}\n\n# Kop ${JS_LINK}\n\n1. Geen lijst`, door: party('S'), tijdstip: '2026-03-02T00:00:00.000Z' },
        besluiten: [{ alvDatum: '2026-06-12', datum: '2026-06-12', uitkomst: 'verworpen', percentages: null, kenmerk: `](javascript:alert(1)) ${SCRIPT}`, door: party('S'), tijdstip: '2026-06-12T10:00:00.000Z' }],
      }),
      amendments: [{ record: { ...a, titel: `Titel ${JS_LINK} ${SCRIPT}` } }],
      history: null,
      endorsements: [
        {
          id: 'ond_1',
          document: 'd',
          organisatie: { code: 'GM0363', naam: `Amsterdam ${SCRIPT}`, type: 'gemeente' },
          versie: '1.1',
          commit: 'c11',
          tree: 't11',
          status: 'actief',
          ondertekenaar: { naam: `Anna ${IMG}`, functie: JS_LINK },
          besluit: { orgaan: 'college', datum: '2026-05-01', kenmerk: `K ${SCRIPT}`, url: null },
          bron: 'dienst',
          door: null,
          vastgelegd: '2026-05-01T10:00:00.000Z',
          intrekking: null,
        },
      ],
      municipalities: 342,
      aangemaakt: '2026-06-12T10:00:00.000Z',
      audit: null,
    };
  };

  it('Markdown: no user text becomes HTML, a link or an image in a viewer that allows raw HTML; the text is shown as typed', () => {
    const md = renderAdoptionMarkdown(buildAdoptionDocument(evil()));
    // A permissive viewer: raw HTML on, bare URLs linked.
    const viewer = new MarkdownIt({ html: true, linkify: true });
    const rendered = viewer.render(md);
    expect(rendered).not.toMatch(/<(script|img|i|b)[\s>]/i);
    expect(rendered).not.toMatch(/<[^>]*onerror=/i);
    expect(rendered).not.toMatch(/href="javascript:/i);
    expect(rendered).not.toMatch(/src="https?:/);
    // What the users typed is there, literally, as text.
    const text = rendered.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const typed of [`Besluit ${SCRIPT}`, `# Kop ${JS_LINK}`, '1. Geen lijst', `](javascript:alert(1)) ${SCRIPT}`, `Titel ${JS_LINK} ${SCRIPT}`, `Eva ${SCRIPT}`, `Amsterdam ${SCRIPT}`, `Anna ${IMG}`, `K ${SCRIPT}`, `Reden ${JS_LINK} | ${SCRIPT}`]) {
      expect(text, typed).toContain(typed);
    }
    // The principle's own Markdown keeps its structure: a safe link, emphasis, a list, a quote, code.
    expect(rendered).toContain('<a href="https://example.org/a_b">goed</a>');
    expect(rendered).toContain('<a href="https://tracker.example/p.png">[afbeelding: logo]</a>');
    expect(rendered).toContain('<em>nadruk</em>');
    expect(rendered).toContain('<code>code &lt;b&gt;</code>');
    expect(rendered).toMatch(/<ol>\s*<li>Eerste<\/li>\s*<li>Tweede<\/li>\s*<\/ol>/);
    expect(rendered).toMatch(/<blockquote>\s*<p>Citaat &lt;i&gt;x&lt;\/i&gt;<\/p>/);
    expect(rendered).toContain('<h1>Kop &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    // CriticMarkup typed by a user is not a change mark.
    expect(md).not.toContain('{++nep++}');
  });

  it('HTML: loads nothing when opened as a file: images are links, and its own CSP forbids loading anything', () => {
    const html = renderAdoptionHtml(buildAdoptionDocument(evil()));
    expect(html).not.toMatch(/<img\b|<script|<link\b|<iframe|url\(|@import/i);
    expect(html).toContain('<a href="https://tracker.example/p.png">[afbeelding: logo]</a>');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^"]+&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">/);
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<style>'));
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
