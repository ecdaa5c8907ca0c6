/**
 * The provenance walk behind the adoption document's attribution: characters carried through the steps
 * of the draft, each inserted character knowing the step that inserted it and each baseline character
 * the step that deleted it. Scenarios (one sentence changed by two steps, renames, removals, untouched
 * files) and a randomised check on texts whose every word is unique and names its step.
 */
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/domain/compare.js';
import { NO_STEP, RedlineProvenance, type SourcedSpan, type StepFile } from '../../src/domain/redlineProvenance.js';

const FILE = '03-technologie.md';
const BASE = '# Technologie\n\nDe technologie is bekend, veilig (secure) en interoperabel, kent open interfaces.\nDeze zijn leidend.\n';
const AFTER_A = BASE.replace('bekend, veilig', 'bekend, duurzaam, veilig');
const AFTER_B = AFTER_A.replace('interoperabel', 'uitwisselbaar');

/** The steps of `spans` laid over `text`: which step each piece is from. */
function pieces(text: string, spans: readonly SourcedSpan[]): [string, number][] {
  let at = 0;
  return spans.map((s) => {
    const piece = text.slice(at, at + s.lengte);
    at += s.lengte;
    return [piece, s.stap];
  });
}

function lineOf(text: string, n: number): string {
  return splitLines(text)[n - 1] ?? '';
}

describe('RedlineProvenance', () => {
  it('one sentence, two steps: each inserted and deleted word keeps the step that made it', () => {
    const p = new RedlineProvenance();
    expect(p.apply([{ bestand: FILE, voor: BASE, na: AFTER_A }])).toBe(0);
    expect(p.apply([{ bestand: FILE, voor: AFTER_A, na: AFTER_B }])).toBe(1);
    const line = lineOf(AFTER_B, 3);
    const inserted = pieces(line, p.insertedBy(FILE, 3, 0, line.length)).filter(([, step]) => step !== NO_STEP);
    expect(inserted).toEqual([
      ['duurzaam, ', 0],
      ['uitwisselbaar', 1],
    ]);
    const old = lineOf(BASE, 3);
    const at = old.indexOf('interoperabel');
    expect(p.deletedBy(FILE, 3, at, at + 'interoperabel'.length)).toEqual([{ lengte: 'interoperabel'.length, stap: 1 }]);
    expect(p.deletedBy(FILE, 3, 0, at)).toEqual([{ lengte: at, stap: NO_STEP }]);
    expect(p.lastChangeOf(FILE)).toBe(1);
    expect(p.firstChangeOf(FILE)).toBe(0);
  });

  it('a word inserted by one step and replaced by the next is in neither list; the space the first step inserted stays its', () => {
    const p = new RedlineProvenance();
    const a = BASE.replace('leidend', 'meestal leidend');
    const b = a.replace('meestal leidend', 'altijd leidend');
    p.apply([{ bestand: FILE, voor: BASE, na: a }]);
    p.apply([{ bestand: FILE, voor: a, na: b }]);
    const line = lineOf(b, 4);
    expect(pieces(line, p.insertedBy(FILE, 4, 0, line.length))).toEqual([
      ['Deze zijn ', NO_STEP],
      ['altijd', 1],
      [' ', 0],
      ['leidend.', NO_STEP],
    ]);
    const old = lineOf(BASE, 4);
    expect(pieces(old, p.deletedBy(FILE, 4, 0, old.length))).toEqual([[old, NO_STEP]]);
  });

  it('follows a principle through a rename, and a removal then a new file under the same name', () => {
    const p = new RedlineProvenance();
    const renamed = '04-technologie.md';
    p.apply([
      { bestand: FILE, voor: BASE, na: null },
      { bestand: renamed, voor: null, na: AFTER_A },
    ]);
    p.apply([{ bestand: renamed, voor: AFTER_A, na: AFTER_B }]);
    const line = lineOf(AFTER_B, 3);
    expect(pieces(line, p.insertedBy(renamed, 3, 0, line.length)).filter(([, s]) => s !== NO_STEP)).toEqual([
      ['duurzaam, ', 0],
      ['uitwisselbaar', 1],
    ]);
    expect(p.lastChangeOf(renamed)).toBe(1);

    // Removed in step 2, a new text under the old name in step 3: all of it is step 3's.
    p.apply([{ bestand: renamed, voor: AFTER_B, na: null }]);
    const fresh = '# Nieuw\n\nEen geheel nieuwe tekst.\n';
    p.apply([{ bestand: renamed, voor: null, na: fresh }]);
    expect(p.insertedBy(renamed, 3, 0, 24)).toEqual([{ lengte: 24, stap: 3 }]);
    // The baseline's sentence that survived until step 2 was deleted by step 2.
    const old = lineOf(BASE, 4);
    expect(p.deletedBy(FILE, 4, 0, old.length)).toEqual([{ lengte: old.length, stap: 2 }]);
  });

  it('an untouched file is the baseline’s own text; other files and non-principle files are ignored', () => {
    const p = new RedlineProvenance();
    p.apply([
      { bestand: FILE, voor: BASE, na: AFTER_A },
      { bestand: 'document.yml', voor: 'titel: a\n', na: 'titel: b\n' },
    ]);
    expect(p.insertedBy('01-ander.md', 3, 0, 10)).toEqual([{ lengte: 10, stap: NO_STEP }]);
    expect(p.deletedBy('01-ander.md', 3, 0, 10)).toEqual([{ lengte: 10, stap: NO_STEP }]);
    expect(p.lastChangeOf('01-ander.md')).toBe(NO_STEP);
    expect(p.apply([])).toBe(1);
  });

  it('steps that do not fit together (a text other than the one carried) give no step rather than a wrong one', () => {
    const p = new RedlineProvenance();
    p.apply([{ bestand: FILE, voor: BASE, na: AFTER_A }]);
    const other = '# Iets anders\n\nEen andere regel.\nNog een.\nEn nog een.\n';
    p.apply([{ bestand: FILE, voor: other, na: `${other}Erbij.\n` }]);
    expect(pieces('Een andere regel.', p.insertedBy(FILE, 3, 0, 17))).toEqual([['Een andere regel.', NO_STEP]]);
    expect(p.insertedBy(FILE, 6, 0, 6)).toEqual([{ lengte: 6, stap: 1 }]);
  });
});

// ---- randomised: unique words that name their step ----

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Text {
  title: string;
  lines: string[][];
}

const render = (t: Text): string => `# ${t.title}\n\n${t.lines.map((l) => l.join(' ')).join('\n')}\n`;
/** The step a word names: `s3w7` was inserted by step 3; baseline words `b12` by none. */
const stepOfWord = (w: string): number => (w.startsWith('s') ? Number(w.slice(1, w.indexOf('w'))) : NO_STEP);

describe('RedlineProvenance, randomised', () => {
  it('every word of the final text is credited to the step that wrote it, every removed baseline word to the step that removed it', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      const pick = (n: number): number => Math.floor(rnd() * n);
      let id = 0;
      const files = ['01-een.md', '02-twee.md'];
      const texts = new Map<string, Text>(
        files.map((f) => [f, { title: `Titel ${f}`, lines: Array.from({ length: 4 }, () => Array.from({ length: 7 }, () => `b${id++}`)) }]),
      );
      const baseline = new Map([...texts].map(([f, t]) => [f, render(t)]));
      const removedBy = new Map<string, number>();
      const p = new RedlineProvenance();
      const steps = 12;
      for (let step = 0; step < steps; step++) {
        const file = files[pick(files.length)] as string;
        const t = texts.get(file) as Text;
        const before = render(t);
        let n = 0;
        const word = () => `s${step}w${n++}`;
        const remove = (w: string) => {
          if (w.startsWith('b')) removedBy.set(w, step);
        };
        // One change per touched line, so each changed line stays recognisably the same sentence.
        const touched = new Set<number>();
        for (let k = 0; k < 2; k++) {
          const li = pick(t.lines.length);
          if (touched.has(li)) continue;
          touched.add(li);
          const line = t.lines[li] as string[];
          const op = pick(10);
          if (op < 4) line.splice(pick(line.length + 1), 0, word());
          else if (op < 6 && line.length > 5) line.splice(pick(line.length), 1).forEach(remove);
          else if (op < 8) line.splice(pick(line.length), 1, word()).forEach(remove);
          else if (op === 8) t.lines.splice(li + 1, 0, [word(), word(), word()]);
          else if (t.lines.length > 2) {
            t.lines.splice(li, 1)[0]?.forEach(remove);
            break; // line numbers moved
          }
        }
        p.apply([{ bestand: file, voor: before, na: render(t) }]);
      }

      for (const [file, t] of texts) {
        t.lines.forEach((words, i) => {
          const line = words.join(' ');
          let at = 0;
          for (const w of words) {
            const spans = p.insertedBy(file, i + 3, at, at + w.length);
            expect(spans, `seed ${seed} ${file} line ${i + 3} word ${w}`).toEqual([{ lengte: w.length, stap: stepOfWord(w) }]);
            at += w.length + 1;
          }
          expect(p.insertedBy(file, i + 3, 0, line.length).reduce((s, x) => s + x.lengte, 0)).toBe(line.length);
        });
      }
      for (const [file, text] of baseline) {
        splitLines(text).forEach((line, i) => {
          for (const m of line.matchAll(/b\d+/g)) {
            const at = m.index ?? 0;
            const spans = p.deletedBy(file, i + 1, at, at + m[0].length);
            expect(spans, `seed ${seed} ${file} baseline word ${m[0]}`).toEqual([{ lengte: m[0].length, stap: removedBy.get(m[0]) ?? NO_STEP }]);
          }
        });
      }
    }
  });
});
