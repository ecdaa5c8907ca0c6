/**
 * The incremental overview read model (src/queries/endorsementOverviewIndex.ts) must answer exactly what
 * the reference implementation (tests/helpers/endorsementReference.ts, and newestVersionPerOrganisation
 * and timelinePerMonth from src) computes from all endorsements. Random histories of endorsements,
 * withdrawals and newly named versions are written to a real EndorsementLog; after random steps (so
 * catching up over several events is exercised too) every answer is compared with the reference one.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecidingBody, EndorsementRecord } from '../../src/domain/endorsementModel.js';
import type { OrganisationType } from '../../src/domain/roles.js';
import { renderEndorsementChart } from '../../src/presenters/endorsementChart.js';
import { EndorsementOverviewIndex } from '../../src/queries/endorsementOverviewIndex.js';
import { newestVersionPerOrganisation, SORT_KEYS, timelinePerMonth, type EndorsementTableQuery } from '../../src/queries/endorsementOverviewQueries.js';
import { EndorsementLog } from '../../src/storage/endorsementLog.js';
import { countsPerVersion, endorsementTable, endorsementTimeline, ofDocument, undatedEndorsements } from '../helpers/endorsementReference.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'overview-index-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;

const ORGS: { code: string; naam: string; type: OrganisationType }[] = [
  { code: 'GM0363', naam: 'Amsterdam', type: 'gemeente' },
  { code: 'GM0796', naam: "'s-Hertogenbosch", type: 'gemeente' },
  { code: 'GM1900', naam: 'Súdwest-Fryslân', type: 'gemeente' },
  { code: 'GM0772', naam: 'Eindhoven', type: 'gemeente' },
  { code: 'GM0344', naam: 'Utrecht', type: 'gemeente' },
  { code: 'PV27', naam: 'Provincie Noord-Holland', type: 'provincie' },
  { code: 'BE-ANTWERPEN', naam: 'Antwerpen', type: 'buitenlandse-gemeente' },
  { code: 'VNG', naam: 'Vereniging van Nederlandse Gemeenten', type: 'overig' },
];
/** Named in this order; 0.9 is never named (an unknown version ranks after the known ones). */
const VERSIONS = ['1.0', '1.1', '1.2', '1.10', '2.0'];
const DATES = ['2025-11-01', '2025-11-02', '2025-12-24', '2026-01-15', '2026-03-01'];
const BODIES: DecidingBody[] = ['college', 'raad', 'burgemeester', 'bestuur', 'anders'];
const DOCS = ['digitale-stad', 'ander-document'];

const endorseStep = fc.record({
  kind: fc.constant('endorse' as const),
  org: fc.nat({ max: ORGS.length - 1 }),
  version: fc.nat({ max: VERSIONS.length }),
  date: fc.option(fc.nat({ max: DATES.length - 1 }), { nil: null }),
  recorded: fc.nat({ max: DATES.length - 1 }),
  body: fc.option(fc.nat({ max: BODIES.length - 1 }), { nil: null }),
  doc: fc.nat({ max: 5 }).map((n) => (n === 0 ? 1 : 0)),
});
const withdrawStep = fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat(), date: fc.nat({ max: DATES.length - 1 }) });
const nameStep = fc.record({ kind: fc.constant('name' as const) });
/** Each filter is set in about one query of four, so most selections keep several rows to order. */
const sometimes = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const queryArb: fc.Arbitrary<Partial<EndorsementTableQuery>> = fc
  .record({
    versie: sometimes(fc.constantFrom(...VERSIONS, '0.9')),
    type: sometimes(fc.constantFrom<OrganisationType>('gemeente', 'provincie', 'buitenlandse-gemeente', 'overig')),
    status: sometimes(fc.constantFrom('actief' as const, 'ingetrokken' as const)),
    orgaan: sometimes(fc.constantFrom(...BODIES)),
    zoek: sometimes(fc.constantFrom('s hertogenbosch', 'fryslan', 'GM03', 'a', 'provincie')),
    sorteer: fc.constantFrom(...SORT_KEYS),
    richting: fc.constantFrom('oplopend' as const, 'aflopend' as const),
  })
  .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Partial<EndorsementTableQuery>);
const queryStep = fc.record({ kind: fc.constant('query' as const), query: queryArb });
const step = fc.oneof(
  { weight: 6, arbitrary: endorseStep },
  { weight: 2, arbitrary: withdrawStep },
  { weight: 1, arbitrary: nameStep },
  { weight: 2, arbitrary: queryStep },
);

function compareAll(index: EndorsementOverviewIndex, log: EndorsementLog, named: readonly string[], query: Partial<EndorsementTableQuery>, lastMap: Map<string, { content: string; revision: number }>, lastChart: Map<string, { content: string; revision: number }>): void {
  const versions = [...named].reverse(); // newest first
  for (const doc of DOCS) {
    const records = ofDocument(log.all(), doc);
    const d = index.of(doc);
    expect(d.size).toBe(records.length);
    expect(d.withdrawn).toBe(records.filter((r) => r.status === 'ingetrokken').length);
    expect(new Set(d.endorsedVersions())).toEqual(new Set(records.map((r) => r.versie)));
    expect(d.counts(versions, 342)).toEqual(countsPerVersion(records, versions, 342));
    const { newest, revision } = d.newestPerMunicipality(versions);
    const expected = newestVersionPerOrganisation(
      records.filter((r) => r.organisatie.type === 'gemeente'),
      versions,
    );
    expect(new Map(newest)).toEqual(expected);
    // The map's revision changes whenever its content does.
    const content = JSON.stringify([versions, [...expected].sort()]);
    const before = lastMap.get(doc);
    if (before !== undefined && before.content !== content) expect(revision).not.toBe(before.revision);
    lastMap.set(doc, { content, revision });
    expect(d.timeline()).toEqual(endorsementTimeline(records));
    expect(d.undated()).toEqual(undatedEndorsements(records));
    expect(d.timelineLength).toBe(endorsementTimeline(records).length);
    expect(d.timelineByMonth()).toEqual(timelinePerMonth(endorsementTimeline(records)));
    // The chart's revision changes whenever the drawn chart does.
    const chart = renderEndorsementChart({ points: endorsementTimeline(records), zonderDatum: undatedEndorsements(records), until: '2026-06-01' });
    const drawn = `${chart.svg ?? ''}|${chart.samenvatting}`;
    const chartBefore = lastChart.get(doc);
    if (chartBefore !== undefined && chartBefore.content !== drawn) expect(d.chartRevision).not.toBe(chartBefore.revision);
    lastChart.set(doc, { content: drawn, revision: d.chartRevision });
    const table = d.table(query, versions);
    const pure = endorsementTable(records, query, versions);
    expect(table.records.map((r) => r.id)).toEqual(pure.map((r) => r.id));
    expect(table.withdrawn).toBe(pure.filter((r) => r.status === 'ingetrokken').length);
  }
}

describe('EndorsementOverviewIndex', () => {
  it('answers as the pure functions do after every random history of endorsements, withdrawals and new versions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 45 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }), async (steps, finalQueries) => {
        fileNo += 1;
        const log = EndorsementLog.open(path.join(tmp, `log-${fileNo}.jsonl`));
        const index = new EndorsementOverviewIndex(log);
        const named = ['1.0'];
        const lastMap = new Map<string, { content: string; revision: number }>();
        const lastChart = new Map<string, { content: string; revision: number }>();
        let id = 0;
        for (const s of steps) {
          if (s.kind === 'name') {
            const next = VERSIONS[named.length];
            if (next !== undefined) named.push(next);
          } else if (s.kind === 'endorse') {
            const org = ORGS[s.org] as (typeof ORGS)[number];
            const versie = s.version === VERSIONS.length ? '0.9' : (named[s.version % named.length] as string);
            const document = DOCS[s.doc] as string;
            if (log.activeFor(document, versie, org.code) !== undefined) continue;
            id += 1;
            const recorded = DATES[s.recorded] as string;
            await log.endorse(
              (): EndorsementRecord => ({
                id: `ond_${String(id).padStart(3, '0')}`,
                document,
                organisatie: org,
                versie,
                commit: 'c'.repeat(40),
                tree: 't'.repeat(40),
                status: 'actief',
                ondertekenaar: { naam: null, functie: null },
                besluit: { orgaan: s.body === null ? null : (BODIES[s.body] ?? null), datum: s.date === null ? null : (DATES[s.date] ?? null), kenmerk: null, url: null },
                bron: s.date === null ? 'ledenbrief' : 'dienst',
                door: null,
                vastgelegd: `${recorded}T10:00:00.000Z`,
                intrekking: null,
              }),
            );
          } else if (s.kind === 'withdraw') {
            const active = log.all().filter((r) => r.status === 'actief');
            const target = active[s.pick % Math.max(1, active.length)];
            if (target === undefined) continue;
            await log.withdraw(target.id, () => ({ reden: 'Besluit herroepen.', door: { gebruiker: 'gbr_1', naam: 'Piet', organisatie: null }, tijdstip: `${DATES[s.date] as string}T09:00:00.000Z` }));
          } else {
            compareAll(index, log, named, s.query, lastMap, lastChart);
          }
        }
        for (const q of [{}, ...finalQueries]) compareAll(index, log, named, q, lastMap, lastChart);
        // A fresh index over the same log (built in one catch-up) agrees with the incremental one.
        const fresh = new EndorsementOverviewIndex(log);
        const versions = [...named].reverse();
        for (const doc of DOCS) {
          expect(fresh.of(doc).timeline()).toEqual(index.of(doc).timeline());
          expect(fresh.of(doc).table({}, versions).records).toEqual(index.of(doc).table({}, versions).records);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('follows the reader: a read after new events reflects them without a rebuild', async () => {
    fileNo += 1;
    const log = EndorsementLog.open(path.join(tmp, `log-${fileNo}.jsonl`));
    const index = new EndorsementOverviewIndex(log);
    expect(index.of('digitale-stad').size).toBe(0);
    const make = (code: string, naam: string, n: number) => (): EndorsementRecord => ({
      id: `ond_${n}`,
      document: 'digitale-stad',
      organisatie: { code, naam, type: 'gemeente' },
      versie: '1.0',
      commit: 'c'.repeat(40),
      tree: 't'.repeat(40),
      status: 'actief',
      ondertekenaar: { naam: null, functie: null },
      besluit: { orgaan: 'raad', datum: '2026-01-15', kenmerk: null, url: null },
      bron: 'dienst',
      door: null,
      vastgelegd: '2026-01-16T10:00:00.000Z',
      intrekking: null,
    });
    await log.endorse(make('GM0772', 'Eindhoven', 1));
    const d = index.of('digitale-stad');
    expect(d.size).toBe(1);
    const before = d.revision;
    await log.endorse(make('GM0363', 'Amsterdam', 2));
    await log.withdraw('ond_1', () => ({ reden: 'x', door: { gebruiker: 'g', naam: 'P', organisatie: null }, tijdstip: '2026-02-01T00:00:00.000Z' }));
    expect(index.revision).toBe(3);
    expect(d.revision).toBeGreaterThan(before);
    expect(d.table({}, ['1.0']).records.map((r) => [r.organisatie.naam, r.status])).toEqual([
      ['Amsterdam', 'actief'],
      ['Eindhoven', 'ingetrokken'],
    ]);
    expect(d.counts(['1.0'], 342)).toEqual({ perVersie: [{ versie: '1.0', gemeenten: 1, overige: 0, totaal: 1 }], gemeenten: 1, overige: 0, gemeentenTotaal: 342 });
    expect(d.timeline().map((p) => [p.datum, p.aantal, p.bij, p.af])).toEqual([
      ['2026-01-15', 2, 2, 0],
      ['2026-02-01', 1, 0, 1],
    ]);

    // Amsterdam endorses another version on a later day: it was counted already, but the day is new
    // (a new point on the chart), so the chart's revision changes; one more on that day changes nothing drawn.
    const chartBefore = d.chartRevision;
    await log.endorse(() => ({ ...make('GM0363', 'Amsterdam', 3)(), versie: '1.1', besluit: { orgaan: 'raad', datum: '2026-03-01', kenmerk: null, url: null } }));
    expect(index.of('digitale-stad').timeline().map((p) => [p.datum, p.aantal, p.bij])).toEqual([
      ['2026-01-15', 2, 2],
      ['2026-02-01', 1, 0],
      ['2026-03-01', 1, 1],
    ]);
    expect(d.chartRevision).not.toBe(chartBefore);
    const chartAfter = d.chartRevision;
    await log.endorse(() => ({ ...make('GM0363', 'Amsterdam', 4)(), versie: '1.2', besluit: { orgaan: 'raad', datum: '2026-03-01', kenmerk: null, url: null } }));
    expect(index.of('digitale-stad').chartRevision).toBe(chartAfter);
  });
});
