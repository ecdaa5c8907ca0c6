import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changeFingerprint, isNoChange, overlaps, touchedSentences } from '../../src/domain/amendmentChange.js';
import { principleTitle, type DocumentMeta, type DocumentText, type Principle } from '../../src/domain/documentModel.js';
import { mergeText } from '../../src/domain/threeWayMerge.js';

const META: DocumentMeta = {
  titel: 'Principes voor de digitale stad',
  beschrijving: 'Uitgangspunten voor digitale technologie in gemeenten.',
  nummering: 'doorlopend',
};

function doc(files: Record<string, string>, meta: DocumentMeta = META): DocumentText {
  const names = Object.keys(files).sort();
  const principes: Principle[] = names.map((bestand, i) => {
    const tekst = files[bestand] ?? '';
    return { bestand, nummer: i + 1, titel: principleTitle(bestand, tekst), tekst };
  });
  return { meta, principes };
}

const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');

function replaceLine(t: string, from: string, to: string): string {
  const lines = t.split('\n');
  const i = lines.indexOf(from);
  if (i < 0) throw new Error(`no line ${from}`);
  lines[i] = to;
  return lines.join('\n');
}

function insertAfter(t: string, after: string, line: string): string {
  const lines = t.split('\n');
  const i = lines.indexOf(after);
  if (i < 0) throw new Error(`no line ${after}`);
  lines.splice(i + 1, 0, line);
  return lines.join('\n');
}

function deleteLine(t: string, line: string): string {
  const lines = t.split('\n');
  const i = lines.indexOf(line);
  if (i < 0) throw new Error(`no line ${line}`);
  lines.splice(i, 1);
  return lines.join('\n');
}

const P1 = text(
  '# Infrastructuur voor iedereen',
  '',
  'De digitale infrastructuur is er voor iedereen.',
  'Iedereen moet erop kunnen vertrouwen.',
  'De gemeente zorgt dat niemand wordt uitgesloten.',
  '',
  'Dat vraagt om samenwerking.',
  'Met inwoners, bedrijven en kennisinstellingen.',
);
const P2 = text('# Open en bekende technologie', '', 'Gemeenten kiezen voor open standaarden.', 'Broncode wordt openbaar.');

const FILE1 = '01-infrastructuur-voor-iedereen.md';
const FILE2 = '02-open-en-bekende-technologie.md';
const BASE = doc({ [FILE1]: P1, [FILE2]: P2 });

/** Brings an amendment (written against `base`) onto a newer draft, as "bijwerken" does. */
function rebase(base: DocumentText, draft: DocumentText, amendment: DocumentText): DocumentText {
  const files: Record<string, string> = {};
  const amended = new Map(amendment.principes.map((p) => [p.bestand, p.tekst]));
  const original = new Map(base.principes.map((p) => [p.bestand, p.tekst]));
  for (const p of draft.principes) {
    const r = mergeText(original.get(p.bestand) ?? '', p.tekst, amended.get(p.bestand) ?? '');
    if (!r.ok) throw new Error(`conflict in ${p.bestand}`);
    files[p.bestand] = r.text;
  }
  return doc(files, amendment.meta);
}

describe('changeFingerprint', () => {
  const amended = doc({ [FILE1]: replaceLine(P1, 'Iedereen moet erop kunnen vertrouwen.', 'Iedereen moet er altijd op kunnen vertrouwen.'), [FILE2]: P2 });
  const fp = changeFingerprint(BASE, amended);

  it('is a sha256 hex digest and deterministic', () => {
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(changeFingerprint(BASE, amended)).toBe(fp);
  });

  it('stays equal after an update onto a draft that changed another sentence of the same principle', () => {
    const draft = doc({ [FILE1]: replaceLine(P1, 'Dat vraagt om samenwerking.', 'Dat vraagt om nauwe samenwerking.'), [FILE2]: P2 });
    const rebased = rebase(BASE, draft, amended);
    expect(rebased.principes[0]?.tekst).toContain('Iedereen moet er altijd op kunnen vertrouwen.');
    expect(rebased.principes[0]?.tekst).toContain('Dat vraagt om nauwe samenwerking.');
    expect(changeFingerprint(draft, rebased)).toBe(fp);
  });

  it('stays equal after an update onto a draft that inserted sentences before the change or changed another principle', () => {
    const draft = doc({
      [FILE1]: insertAfter(P1, '# Infrastructuur voor iedereen', 'Een nieuwe inleidende zin.'),
      [FILE2]: replaceLine(P2, 'Broncode wordt openbaar.', 'Broncode wordt altijd openbaar.'),
    });
    const rebased = rebase(BASE, draft, amended);
    expect(changeFingerprint(draft, rebased)).toBe(fp);
  });

  it("differs when the amendment's own text changes", () => {
    const other = doc({ [FILE1]: replaceLine(P1, 'Iedereen moet erop kunnen vertrouwen.', 'Iedereen moet er steeds op kunnen vertrouwen.'), [FILE2]: P2 });
    expect(changeFingerprint(BASE, other)).not.toBe(fp);
  });

  it('differs when the amendment changes anything else as well', () => {
    const more = doc({
      [FILE1]: replaceLine(amended.principes[0]?.tekst ?? '', 'Dat vraagt om samenwerking.', 'Dat vraagt om nauwe samenwerking.'),
      [FILE2]: P2,
    });
    expect(changeFingerprint(BASE, more)).not.toBe(fp);
    const otherFile = doc({ [FILE1]: amended.principes[0]?.tekst ?? '', [FILE2]: replaceLine(P2, 'Broncode wordt openbaar.', 'Broncode is openbaar.') });
    expect(changeFingerprint(BASE, otherFile)).not.toBe(fp);
  });

  it('differs when the same sentence is inserted at another place', () => {
    const here = doc({ [FILE1]: insertAfter(P1, 'Iedereen moet erop kunnen vertrouwen.', 'Ook kwetsbare inwoners.'), [FILE2]: P2 });
    const there = doc({ [FILE1]: insertAfter(P1, 'Dat vraagt om samenwerking.', 'Ook kwetsbare inwoners.'), [FILE2]: P2 });
    expect(changeFingerprint(BASE, here)).not.toBe(changeFingerprint(BASE, there));
  });

  it('covers added, removed and renamed principles and metadata', () => {
    const fps = new Set([
      fp,
      changeFingerprint(BASE, doc({ [FILE1]: P1, [FILE2]: P2, '03-nieuw.md': text('# Nieuw', '', 'Zin.') })),
      changeFingerprint(BASE, doc({ [FILE1]: P1 })),
      changeFingerprint(BASE, doc({ [FILE1]: P1, '03-open-en-bekende-technologie.md': P2 })),
      changeFingerprint(BASE, doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, titel: 'Principes voor de digitale gemeente' })),
      changeFingerprint(BASE, doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, bron: 'Ledenbrief' })),
      changeFingerprint(BASE, BASE),
    ]);
    expect(fps.size).toBe(7);
  });

  it('stays equal for a metadata change when the draft changed another metadata field', () => {
    const amendedMeta = doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, titel: 'Nieuwe titel' });
    const draft = doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, beschrijving: 'Andere beschrijving.' });
    const rebased = doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, titel: 'Nieuwe titel', beschrijving: 'Andere beschrijving.' });
    expect(changeFingerprint(draft, rebased)).toBe(changeFingerprint(BASE, amendedMeta));
  });

  it('is invariant under clean updates onto a draft changed elsewhere (property)', () => {
    // Distinct sentences; the draft only inserts and replaces with its own new sentences, so it can
    // never make the amendment's change itself.
    const edit = (prefix: string) =>
      fc.record({ op: fc.constantFrom('insert', 'replace', 'delete'), pos: fc.nat(40), n: fc.nat(1000) }).map((e) => ({ ...e, prefix }));
    const apply = (lines: readonly string[], edits: readonly { op: string; pos: number; n: number; prefix: string }[], allowDelete: boolean): string[] => {
      const out = [...lines];
      edits.forEach((e, k) => {
        const fresh = `${e.prefix} ${k} ${e.n}.`;
        if (e.op === 'insert' || out.length === 0) out.splice(e.pos % (out.length + 1), 0, fresh);
        else if (e.op === 'delete' && allowDelete) out.splice(e.pos % out.length, 1);
        else out[e.pos % out.length] = fresh;
      });
      return out;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.array(edit('Amendement'), { minLength: 1, maxLength: 3 }),
        fc.array(edit('Concept'), { minLength: 1, maxLength: 3 }),
        (n, amendmentEdits, draftEdits) => {
          const baseLines = ['# Titel', ...Array.from({ length: n }, (_, i) => `Zin ${i}.`)];
          const base = doc({ [FILE1]: text(...baseLines) });
          const amendment = doc({ [FILE1]: text(...apply(baseLines, amendmentEdits, true)) });
          const draft = doc({ [FILE1]: text(...apply(baseLines, draftEdits, false)) });
          const texts = [base, draft, amendment].map((d) => d.principes[0]?.tekst ?? '') as [string, string, string];
          const merged = mergeText(...texts);
          fc.pre(merged.ok);
          if (!merged.ok) return;
          const rebased = doc({ [FILE1]: merged.text });
          if (mergeText(...texts, { adjacentSentences: false }).ok) {
            // The draft changed sentences away from the amendment's change: the same change, reviews stay.
            expect(changeFingerprint(draft, rebased)).toBe(changeFingerprint(base, amendment));
            expect(touchedSentences(draft, rebased)).toEqual(touchedSentences(base, amendment));
          } else {
            // The draft changed a sentence right next to it: the change now reads in another context.
            expect(changeFingerprint(draft, rebased)).not.toBe(changeFingerprint(base, amendment));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('touchedSentences', () => {
  it('reports a replaced sentence', () => {
    const rev = doc({ [FILE1]: replaceLine(P1, 'Iedereen moet erop kunnen vertrouwen.', 'Iedereen kan erop vertrouwen.'), [FILE2]: P2 });
    expect(touchedSentences(BASE, rev)).toEqual([{ bestand: FILE1, zin: 'Iedereen moet erop kunnen vertrouwen.' }]);
  });

  it('reports the sentence before a pure insertion', () => {
    const rev = doc({ [FILE1]: insertAfter(P1, 'Iedereen moet erop kunnen vertrouwen.', 'Ook kwetsbare inwoners.'), [FILE2]: P2 });
    expect(touchedSentences(BASE, rev)).toEqual([{ bestand: FILE1, zin: 'Iedereen moet erop kunnen vertrouwen.' }]);
  });

  it('skips blank lines: a new paragraph touches the last sentence before it', () => {
    const rev = doc({ [FILE1]: insertAfter(insertAfter(P1, 'De gemeente zorgt dat niemand wordt uitgesloten.', 'Nieuwe alinea.'), 'De gemeente zorgt dat niemand wordt uitgesloten.', ''), [FILE2]: P2 });
    expect(touchedSentences(BASE, rev)).toEqual([{ bestand: FILE1, zin: 'De gemeente zorgt dat niemand wordt uitgesloten.' }]);
  });

  it('reports the first line for an insertion at the top of a file', () => {
    const rev = doc({ [FILE1]: P1, [FILE2]: `Bovenaan.\n${P2}` });
    expect(touchedSentences(BASE, rev)).toEqual([{ bestand: FILE2, zin: '# Open en bekende technologie' }]);
  });

  it('reports deleted sentences, per file, in order', () => {
    const rev = doc({
      [FILE1]: deleteLine(deleteLine(P1, 'Met inwoners, bedrijven en kennisinstellingen.'), 'De digitale infrastructuur is er voor iedereen.'),
      [FILE2]: deleteLine(P2, 'Broncode wordt openbaar.'),
    });
    expect(touchedSentences(BASE, rev)).toEqual([
      { bestand: FILE1, zin: 'De digitale infrastructuur is er voor iedereen.' },
      { bestand: FILE1, zin: 'Met inwoners, bedrijven en kennisinstellingen.' },
      { bestand: FILE2, zin: 'Broncode wordt openbaar.' },
    ]);
  });

  it('reports every sentence of a removed or renamed principle, none for an added one, and changed metadata', () => {
    const rev = doc({ [FILE1]: P1, '03-open-en-bekende-technologie.md': P2, '04-nieuw.md': text('# Nieuw') }, { ...META, titel: 'Anders' });
    expect(touchedSentences(BASE, rev)).toEqual([
      { bestand: FILE2, zin: '# Open en bekende technologie' },
      { bestand: FILE2, zin: 'Gemeenten kiezen voor open standaarden.' },
      { bestand: FILE2, zin: 'Broncode wordt openbaar.' },
      { bestand: 'document.yml', zin: 'titel' },
    ]);
  });

  it('is empty without a change', () => {
    expect(touchedSentences(BASE, BASE)).toEqual([]);
  });
});

describe('overlaps', () => {
  const a = [
    { bestand: FILE1, zin: 'Iedereen moet erop kunnen vertrouwen.' },
    { bestand: FILE2, zin: 'Broncode wordt openbaar.' },
  ];
  it('is true when a sentence of the same file is touched by both', () => {
    expect(overlaps(a, [{ bestand: FILE2, zin: 'Broncode wordt openbaar.' }])).toBe(true);
  });
  it('is false for other sentences, the same sentence in another file, or nothing', () => {
    expect(overlaps(a, [{ bestand: FILE1, zin: 'Dat vraagt om samenwerking.' }])).toBe(false);
    expect(overlaps(a, [{ bestand: FILE1, zin: 'Broncode wordt openbaar.' }])).toBe(false);
    expect(overlaps(a, [])).toBe(false);
    expect(overlaps([], a)).toBe(false);
  });
  it('finds two amendments that change the same sentence', () => {
    const x = doc({ [FILE1]: replaceLine(P1, 'Dat vraagt om samenwerking.', 'Dat vraagt veel.'), [FILE2]: P2 });
    const y = doc({ [FILE1]: replaceLine(P1, 'Dat vraagt om samenwerking.', 'Dat vraagt om overleg.'), [FILE2]: P2 });
    const z = doc({ [FILE1]: P1, [FILE2]: replaceLine(P2, 'Broncode wordt openbaar.', 'Broncode is openbaar.') });
    expect(overlaps(touchedSentences(BASE, x), touchedSentences(BASE, y))).toBe(true);
    expect(overlaps(touchedSentences(BASE, x), touchedSentences(BASE, z))).toBe(false);
  });
});

describe('isNoChange', () => {
  it('is true for an identical text', () => {
    expect(isNoChange(BASE, doc({ [FILE2]: P2, [FILE1]: P1 }))).toBe(true);
  });
  it('is false for any change of text, files or metadata', () => {
    expect(isNoChange(BASE, doc({ [FILE1]: replaceLine(P1, 'Dat vraagt om samenwerking.', 'Dat vraagt veel.'), [FILE2]: P2 }))).toBe(false);
    expect(isNoChange(BASE, doc({ [FILE1]: P1, [FILE2]: P2.slice(0, -1) }))).toBe(false);
    expect(isNoChange(BASE, doc({ [FILE1]: P1 }))).toBe(false);
    expect(isNoChange(BASE, doc({ [FILE1]: P1, [FILE2]: P2, '03-x.md': text('# X') }))).toBe(false);
    expect(isNoChange(BASE, doc({ [FILE1]: P1, '03-open-en-bekende-technologie.md': P2 }))).toBe(false);
    expect(isNoChange(BASE, doc({ [FILE1]: P1, [FILE2]: P2 }, { ...META, beschrijving: 'Anders.' }))).toBe(false);
  });
});
