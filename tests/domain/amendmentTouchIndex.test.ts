/**
 * The "raakt ook" index against the computation it replaced, on random histories: amendments proposed,
 * revised (their touched sentences change), decided or withdrawn, older states put back, in two
 * documents, some recorded without their touched sentences (as before `geraakt` was kept) and later
 * given them. After every step, for every open amendment, the index (plus the texts of the amendments
 * without recorded sentences, as the query does) must give exactly what the old loop over all open
 * amendments gave.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps, type TouchedSentence } from '../../src/domain/amendmentChange.js';
import type { AmendmentRecord, AmendmentStatus } from '../../src/domain/amendmentModel.js';
import { TouchIndex } from '../../src/domain/amendmentTouchIndex.js';

const DOCUMENTS = ['digitale-stad', 'tweede'] as const;
const FILES = ['01-a.md', '02-b.md', 'document.yml'] as const;
const SENTENCES = ['Eerste zin.', 'Tweede zin.', 'Derde zin.', 'Vierde zin.', 'titel'] as const;

/**
 * The computation before the index (src/queries/amendmentQueries.ts until the amendment store): every
 * other open amendment of the document whose touched sentences overlap this one's. `touched` is what
 * the query's `touched()` gives: the recorded sentences, or those computed from the texts.
 */
function referenceRaaktOok(all: readonly AmendmentRecord[], record: AmendmentRecord, touched: (r: AmendmentRecord) => TouchedSentence[]): number[] {
  const key = (t: { bestand: string; zin: string }) => `${t.bestand}\n${t.zin}`;
  const mine = new Set(touched(record).map(key));
  const others = all.filter((o) => o.document === record.document && o.nummer !== record.nummer && o.status === 'ingediend');
  const raaktOok: number[] = [];
  for (const o of others) if (touched(o).some((t) => mine.has(key(t)))) raaktOok.push(o.nummer);
  return raaktOok.sort((a, b) => a - b);
}

/** What the query does with the index (amendmentQueries.ts, alsoTouching). */
function indexedRaaktOok(index: TouchIndex, byNumber: (document: string, n: number) => AmendmentRecord, record: AmendmentRecord, touched: (r: AmendmentRecord) => TouchedSentence[]): number[] {
  const mine = touched(record);
  const found = new Set(index.touching(record.document, mine));
  for (const n of index.openWithoutTouched(record.document)) {
    if (n !== record.nummer && overlaps(mine, touched(byNumber(record.document, n)))) found.add(n);
  }
  found.delete(record.nummer);
  return [...found].sort((a, b) => a - b);
}

const sentence = fc.record({ bestand: fc.constantFrom(...FILES), zin: fc.constantFrom(...SENTENCES) });
const touchedSet = fc.array(sentence, { minLength: 0, maxLength: 4 });

type Step =
  | { kind: 'propose'; document: number; touched: TouchedSentence[]; recorded: boolean }
  | { kind: 'revise'; which: number; touched: TouchedSentence[]; recorded: boolean }
  | { kind: 'end'; which: number; status: Exclude<AmendmentStatus, 'ingediend'> }
  | { kind: 'put-back'; which: number }
  | { kind: 'backfill'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('propose' as const), document: fc.integer({ min: 0, max: 1 }), touched: touchedSet, recorded: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('revise' as const), which: fc.nat(), touched: touchedSet, recorded: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('end' as const), which: fc.nat(), status: fc.constantFrom('overgenomen' as const, 'verworpen' as const, 'ingetrokken' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('put-back' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backfill' as const), which: fc.nat() }) },
);

function record(document: string, nummer: number): AmendmentRecord {
  const party = { gebruiker: 'gbr_1', naam: 'Iemand', organisatie: null };
  return {
    document,
    nummer,
    titel: `Amendement ${nummer}`,
    toelichting: 'Waarom.',
    status: 'ingediend',
    branch: `amendementen/${nummer}`,
    indiener: party,
    medeIndieners: [],
    revisies: [],
    beoordelingen: [],
    reacties: [],
    besluit: null,
    aangemaakt: '2026-01-01T00:00:00.000Z',
    gewijzigd: '2026-01-01T00:00:00.000Z',
  };
}

describe('the raakt-ook index', () => {
  it('gives what the loop over all open amendments gave, after every step of random histories, and when rebuilt from the records', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const index = new TouchIndex();
        const records = new Map<string, AmendmentRecord>();
        /** Every state each amendment had, to put an older one back. */
        const history = new Map<string, AmendmentRecord[]>();
        /** What the texts say each revision touches (the recorded `geraakt`, or what the query would compute). */
        const fromTexts = new Map<string, TouchedSentence[]>();
        const next = new Map<string, number>();
        const id = (r: AmendmentRecord) => `${r.document}#${r.nummer}`;
        const touched = (r: AmendmentRecord) => {
          const rev = r.revisies.at(-1);
          return rev?.geraakt ?? fromTexts.get(rev?.commit ?? '') ?? [];
        };
        let commits = 0;
        const put = (r: AmendmentRecord) => {
          records.set(id(r), r);
          history.set(id(r), [...(history.get(id(r)) ?? []), r]);
          index.put(r);
        };
        const revision = (t: TouchedSentence[], recorded: boolean) => {
          commits += 1;
          const commit = commits.toString(16).padStart(40, '0');
          fromTexts.set(commit, t);
          return { commit, basis: '0'.repeat(40), soort: 'tekst' as const, wijziging: 'x', ...(recorded ? { geraakt: t } : {}), door: { gebruiker: 'gbr_1', naam: 'Iemand', organisatie: null }, tijdstip: '2026-01-01T00:00:00.000Z' };
        };
        const pick = (which: number) => {
          const all = [...records.values()];
          return all.length === 0 ? undefined : all[which % all.length];
        };
        const check = (idx: TouchIndex) => {
          const all = [...records.values()];
          for (const r of all) {
            if (r.status !== 'ingediend') continue;
            const byNumber = (document: string, n: number) => records.get(`${document}#${n}`) as AmendmentRecord;
            expect(indexedRaaktOok(idx, byNumber, r, touched)).toEqual(referenceRaaktOok(all, r, touched));
          }
        };
        for (const s of steps) {
          if (s.kind === 'propose') {
            const document = DOCUMENTS[s.document] as string;
            const nummer = (next.get(document) ?? 0) + 1;
            next.set(document, nummer);
            put({ ...record(document, nummer), revisies: [revision(s.touched, s.recorded)] });
          } else {
            const r = pick(s.which);
            if (r === undefined) continue;
            if (s.kind === 'revise' && r.status === 'ingediend') put({ ...r, revisies: [...r.revisies, revision(s.touched, s.recorded)] });
            else if (s.kind === 'end' && r.status === 'ingediend') put({ ...r, status: s.status });
            else if (s.kind === 'put-back') {
              const states = history.get(id(r)) ?? [];
              const older = states[s.which % states.length];
              if (older !== undefined) put(older);
            } else if (s.kind === 'backfill') {
              const rev = r.revisies.at(-1);
              if (rev !== undefined && rev.geraakt === undefined) put({ ...r, revisies: [...r.revisies.slice(0, -1), { ...rev, geraakt: fromTexts.get(rev.commit) ?? [] }] });
            }
          }
          check(index);
        }
        // Rebuilt at start: the same answers from the records alone.
        const rebuilt = new TouchIndex();
        for (const r of records.values()) rebuilt.put(r);
        check(rebuilt);
      }),
      { numRuns: 300 },
    );
  });

  it('lists only open amendments, and an amendment whose sentences are recorded never as without them', () => {
    const index = new TouchIndex();
    const a = { ...record('digitale-stad', 1), revisies: [] as AmendmentRecord['revisies'] };
    const rev = { commit: 'a'.repeat(40), basis: 'b'.repeat(40), soort: 'voorstel' as const, wijziging: 'x', door: a.indiener, tijdstip: a.aangemaakt };
    index.put({ ...a, revisies: [rev] });
    expect(index.openWithoutTouched('digitale-stad')).toEqual([1]);
    index.put({ ...a, revisies: [{ ...rev, geraakt: [{ bestand: '01-a.md', zin: 'Eerste zin.' }] }] });
    expect(index.openWithoutTouched('digitale-stad')).toEqual([]);
    expect(index.touching('digitale-stad', [{ bestand: '01-a.md', zin: 'Eerste zin.' }])).toEqual([1]);
    expect(index.touching('tweede', [{ bestand: '01-a.md', zin: 'Eerste zin.' }])).toEqual([]);
    index.put({ ...a, status: 'overgenomen', revisies: [{ ...rev, geraakt: [{ bestand: '01-a.md', zin: 'Eerste zin.' }] }] });
    expect(index.touching('digitale-stad', [{ bestand: '01-a.md', zin: 'Eerste zin.' }])).toEqual([]);
  });
});
