import { describe, expect, it } from 'vitest';
import type { EndorsementRecord } from '../../src/domain/endorsementModel.js';
import { chartRow, countRow, endorsementRow, selectOptionsHtml } from '../../src/presenters/endorsementFragments.js';

const endorsementRowHtml = (r: EndorsementRecord) => endorsementRow(r).toString('utf8');
const countRowHtml = (...a: Parameters<typeof countRow>) => countRow(...a).toString('utf8');
const chartRowHtml = (...a: Parameters<typeof chartRow>) => chartRow(...a).toString('utf8');

const record: EndorsementRecord = {
  id: 'ond_1',
  document: 'digitale-stad',
  organisatie: { code: 'TST-1', naam: '<script>alert(1)</script> & Co', type: 'overig' },
  versie: '1.0',
  commit: 'c'.repeat(40),
  tree: 't'.repeat(40),
  status: 'actief',
  ondertekenaar: { naam: null, functie: null },
  besluit: { orgaan: 'bestuur', datum: '2026-01-15', kenmerk: null, url: null },
  bron: 'dienst',
  door: null,
  vastgelegd: '2026-01-16T10:00:00.000Z',
  intrekking: null,
};

describe('the cached fragments of the endorsements overview', () => {
  it('renders a table row once per record, escaped; a withdrawn record (a new object) gets its own row', () => {
    const html = endorsementRowHtml(record);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a class="utrecht-link" href="/organisaties/TST-1">');
    expect(html).toContain('<time datetime="2026-01-15">15 januari 2026</time>');
    expect(endorsementRow(record)).toBe(endorsementRow(record));
    const withdrawn: EndorsementRecord = { ...record, status: 'ingetrokken', intrekking: { reden: 'x', door: { gebruiker: 'g', naam: 'P', organisatie: null }, tijdstip: '2026-02-01T00:00:00.000Z' } };
    expect(endorsementRowHtml(withdrawn)).toContain('Ingetrokken op <time datetime="2026-02-01">1 februari 2026</time>');
  });

  it('keys rows of the counts and the chart by everything they show', () => {
    const c = { versie: '1.1', gemeenten: 3, overige: 1, totaal: 4 };
    expect(countRowHtml('digitale-stad', c, '1.1')).toContain('Versie 1.1</a> (nieuwste)');
    expect(countRowHtml('digitale-stad', c, '1.2')).not.toContain('(nieuwste)');
    expect(countRowHtml('digitale-stad', { ...c, gemeenten: 4, totaal: 5 }, '1.1')).toContain('>5</td>');
    const p = { datum: '2026-01', label: 'januari 2026', aantal: 9, gemeenten: 8, bij: 2, af: 0 };
    expect(chartRowHtml(p)).toContain('<time datetime="2026-01">januari 2026</time>');
    expect(chartRowHtml({ ...p, bij: 3 })).toContain('>3</td>');
  });

  it('marks the selected option only when it is one of the options; odd values change nothing else', () => {
    const options = [
      { value: '1.0', label: 'Versie 1.0' },
      { value: '1.1', label: 'Versie 1.1' },
    ];
    expect(selectOptionsHtml(options, '1.1').trim()).toBe('<option value="1.0">Versie 1.0</option><option value="1.1" selected>Versie 1.1</option>');
    for (const odd of ['', '"><script>', '\u00001.0\u0000Versie 1.0', '1.0\u0000']) {
      expect(selectOptionsHtml(options, odd).trim()).toBe('<option value="1.0">Versie 1.0</option><option value="1.1">Versie 1.1</option>');
    }
    // A crafted value does not poison what another list shows.
    expect(selectOptionsHtml([{ value: '1.0', label: 'Versie 1.0' }], '1.0').trim()).toBe('<option value="1.0" selected>Versie 1.0</option>');
  });
});
