/**
 * A large adoption document is rendered in a worker thread (so the event loop keeps answering other
 * clients); its bytes are exactly those of rendering it in this thread, in all three formats.
 */
import { describe, expect, it } from 'vitest';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { buildAdoptionDocument, DraftHistory } from '../../src/domain/adoptionDocument.js';
import type { DocumentText } from '../../src/domain/documentModel.js';
import { adoptionFile, isLargeDocument, renderAdoptionFile } from '../../src/presenters/adoption/adoptionFile.js';
import { offThreadRenders } from '../../src/presenters/adoption/renderOffThread.js';

const PRINCIPLES = 2500;

function text(edit: (i: number, s: string) => string): DocumentText {
  return {
    meta: { titel: 'Veel principes', beschrijving: '', nummering: 'doorlopend' },
    principes: Array.from({ length: PRINCIPLES }, (_, k) => {
      const i = k + 1;
      const bestand = `${String(i % 100).padStart(2, '0')}-principe-${String(i).padStart(4, '0')}.md`;
      const body = edit(i, `De gemeente zorgt voor goede digitale diensten, nummer ${i}.\nZij werkt daarbij samen met inwoners en bedrijven.`);
      return { bestand, nummer: i, titel: `Principe ${i}`, tekst: `# Principe ${i}\n\n${body}\n` };
    }),
  };
}

describe('large adoption documents are rendered off the event loop', () => {
  it('gives the same bytes as rendering in this thread, in every format', { timeout: 120_000 }, async () => {
    const base = text((_i, s) => s);
    const next = text((i, s) => (i % 50 === 0 ? s.replace('goede', 'goede en veilige') : s));
    const indiener = { gebruiker: 'u', naam: 'Anna', organisatie: { code: 'GM0363', naam: 'Amsterdam' } };
    const record: AmendmentRecord = {
      document: 'veel',
      nummer: 1,
      titel: 'Veilig',
      toelichting: '',
      status: 'overgenomen',
      branch: 'amendementen/1',
      indiener,
      medeIndieners: [],
      revisies: [],
      beoordelingen: [],
      reacties: [],
      besluit: { besluit: 'overgenomen', reden: 'Ja.', door: indiener, tijdstip: '2026-02-01T10:00:00.000Z', commit: 'm1' },
      aangemaakt: '2026-01-01T00:00:00.000Z',
      gewijzigd: '2026-02-01T10:00:00.000Z',
    };
    const history = new DraftHistory();
    history.add({
      amendement: record,
      commit: 'm1',
      vastgelegdDoor: 'S',
      tijdstip: '2026-02-01T10:00:00.000Z',
      bestanden: next.principes.flatMap((p, k) => {
        const voor = base.principes[k]?.tekst ?? null;
        return p.tekst === voor ? [] : [{ bestand: p.bestand, voor, na: p.tekst }];
      }),
    });
    const doc = buildAdoptionDocument({
      slug: 'veel',
      publicUrl: 'https://example.org',
      version: { naam: '1.1', tag: 'v1.1', commit: 'c11', tree: 't11', benoemd: '2026-03-01T10:00:00.000Z' },
      text: next,
      baseline: { naam: '1.0', commit: 'c10', text: base, vastgesteld: false },
      state: undefined,
      amendments: [{ record }],
      history,
      endorsements: [],
      municipalities: 342,
      aangemaakt: '2026-03-01T10:00:00.000Z',
      audit: null,
    });
    expect(isLargeDocument(doc)).toBe(true);
    const before = offThreadRenders();
    for (const format of ['md', 'html', 'docx'] as const) {
      const [off, here] = await Promise.all([adoptionFile(doc, format), renderAdoptionFile(doc, format)]);
      expect(off.name).toBe(here.name);
      expect(off.body.equals(here.body), format).toBe(true);
    }
    expect(offThreadRenders() - before).toBe(3);
  });
});
