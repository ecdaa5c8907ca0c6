import { describe, expect, it } from 'vitest';
import { chartTable, MAX_DOTS, renderEndorsementChart, timelineSummary } from '../../src/presenters/endorsementChart.js';
import type { TimelinePoint } from '../../src/queries/endorsementOverviewQueries.js';

const points: TimelinePoint[] = [
  { datum: '2025-11-01', aantal: 8, gemeenten: 7, bij: 8, af: 0 },
  { datum: '2026-01-15', aantal: 9, gemeenten: 8, bij: 1, af: 0 },
  { datum: '2026-03-01', aantal: 8, gemeenten: 7, bij: 0, af: 1 },
];

describe('the chart of endorsements over time', () => {
  it('is an SVG image named by its title and described by the text summary, with labelled axes', () => {
    const chart = renderEndorsementChart({ points, until: '2026-04-01' });
    expect(chart.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="grafiek-titel" aria-describedby="grafiek-beschrijving"/);
    expect(chart.svg).toContain('<title id="grafiek-titel">Onderschrijvingen door de tijd');
    expect(chart.svg).toContain(`<desc id="grafiek-beschrijving">${chart.samenvatting}</desc>`);
    expect(chart.svg).toContain('>Aantal organisaties</text>');
    expect(chart.svg).toContain('>Datum (besluit, of vastlegging als de besluitdatum onbekend is)</text>');
    // Month ticks on the time axis, round numbers on the count axis.
    expect(chart.svg).toContain('>nov 2025</text>');
    expect(chart.svg).toContain('>mrt 2026</text>');
    for (const v of [0, 2, 4, 6, 8, 10]) expect(chart.svg).toContain(`>${v}</text>`);
    expect(chart.svg?.match(/<circle /g)).toHaveLength(3);
  });

  it('summarises the data in Dutch', () => {
    expect(timelineSummary(points)).toBe(
      'De eerste onderschrijvingen zijn van 1 november 2025 (8 organisaties). Op 1 maart 2026 hadden 8 organisaties een geldige onderschrijving, van wie 7 gemeenten. ' +
        'Het hoogste aantal was 9 organisaties, op 15 januari 2026. 1 onderschrijving is ingetrokken. ' +
        'De lijn telt per dag de organisaties met een geldige onderschrijving, vanaf de datum van het besluit.',
    );
    expect(timelineSummary(points, { aantal: 8, ledenbrief: 8 })).toMatch(/ Daarnaast zijn er 8 geldige onderschrijvingen zonder datum \(8 uit de ledenbrief\); die staan niet in de lijn, omdat de datum van het besluit niet bekend is\.$/);
    expect(timelineSummary(points, { aantal: 1, ledenbrief: 0 })).toMatch(/ Daarnaast is er 1 geldige onderschrijving zonder datum; die staat niet in de lijn/);
    expect(timelineSummary([], { aantal: 8, ledenbrief: 8 })).toBe(
      'Er zijn nog geen onderschrijvingen met een datum. Daarnaast zijn er 8 geldige onderschrijvingen zonder datum (8 uit de ledenbrief); die staan niet in de lijn, omdat de datum van het besluit niet bekend is.',
    );
    expect(timelineSummary([], { aantal: 0, ledenbrief: 0 })).toBe('Er zijn nog geen onderschrijvingen.');
  });

  it('draws a single day, and nothing but the summary without endorsements', () => {
    const one = renderEndorsementChart({ points: [{ datum: '2025-11-28', aantal: 8, gemeenten: 7, bij: 8, af: 0 }] });
    expect(one.svg).toContain('<path d="M');
    expect(one.svg).not.toContain('NaN');
    expect(renderEndorsementChart({ points: [] })).toEqual({ svg: null, samenvatting: 'Er zijn nog geen onderschrijvingen.' });
  });

  it('gives its data table per day, or per month beyond MAX_DOTS days (level at the end of the month, starts and withdrawals summed)', () => {
    expect(chartTable(points)).toEqual({
      perMaand: false,
      rows: [
        { datum: '2025-11-01', label: '1 november 2025', aantal: 8, gemeenten: 7, bij: 8, af: 0 },
        { datum: '2026-01-15', label: '15 januari 2026', aantal: 9, gemeenten: 8, bij: 1, af: 0 },
        { datum: '2026-03-01', label: '1 maart 2026', aantal: 8, gemeenten: 7, bij: 0, af: 1 },
      ],
    });
    // 90 days: 1 January to 31 March 2026, one more organisation each day, one withdrawal on 10 February.
    const many: TimelinePoint[] = [];
    for (let i = 0; i < 90; i += 1) {
      const datum = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
      const af = datum === '2026-02-10' ? 1 : 0;
      many.push({ datum, aantal: i + 1 - (datum >= '2026-02-10' ? 2 : 0), gemeenten: i + 1, bij: 1, af });
    }
    expect(many.length).toBeGreaterThan(MAX_DOTS);
    expect(chartTable(many)).toEqual({
      perMaand: true,
      rows: [
        { datum: '2026-01', label: 'januari 2026', aantal: 31, gemeenten: 31, bij: 31, af: 0 },
        { datum: '2026-02', label: 'februari 2026', aantal: 57, gemeenten: 59, bij: 28, af: 1 },
        { datum: '2026-03', label: 'maart 2026', aantal: 88, gemeenten: 90, bij: 31, af: 0 },
      ],
    });
    // The line keeps every day; dots only while they can be told apart.
    const chart = renderEndorsementChart({ points: many });
    expect(chart.svg).not.toContain('<circle ');
    expect(chart.svg?.match(/V/g)?.length).toBeGreaterThanOrEqual(90);
    expect(renderEndorsementChart({ points: many.slice(0, MAX_DOTS) }).svg?.match(/<circle /g)).toHaveLength(MAX_DOTS);
  });
});
