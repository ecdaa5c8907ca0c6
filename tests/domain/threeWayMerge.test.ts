import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  diffLineHunks,
  mergeFileSets,
  mergeText,
  mergeTextPreferTheirs,
  splitRecords,
  type TextConflict,
} from '../../src/domain/threeWayMerge.js';

const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');

// ---------------------------------------------------------------------------------------------------
// git as the oracle

const workDir = mkdtempSync(join(tmpdir(), 'three-way-merge-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Run git without any user or system configuration (merge.conflictStyle, diff.algorithm, ...). */
function git(args: string[]): { status: number; stdout: string } {
  try {
    const stdout = execFileSync('git', args, {
      cwd: workDir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: workDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout };
  } catch (e) {
    const err = e as { status?: number | null; stdout?: string; stderr?: string };
    const status = err.status ?? -1;
    // merge-file exits with the number of conflicts, `diff --no-index` with 1 for "differs".
    if (status < 1 || status > 127) throw new Error(`git ${args.join(' ')} failed: ${err.stderr ?? ''}`);
    return { status, stdout: err.stdout ?? '' };
  }
}

function writeTriple(base: string, ours: string, theirs: string): [string, string, string] {
  const paths: [string, string, string] = [join(workDir, 'concept'), join(workDir, 'basis'), join(workDir, 'amendement')];
  writeFileSync(paths[0], ours);
  writeFileSync(paths[1], base);
  writeFileSync(paths[2], theirs);
  return paths;
}

/** `git merge-file -p` (git's default "zealous" level): number of conflicts and the output. */
function gitMerge(base: string, ours: string, theirs: string): { conflicts: number; out: string } {
  const [o, b, t] = writeTriple(base, ours, theirs);
  const r = git(['merge-file', '-p', '-L', 'concept', '-L', 'basis', '-L', 'amendement', o, b, t]);
  return { conflicts: r.status, out: r.stdout };
}

interface Diff3Block {
  concept: string[];
  basis: string[];
  amendement: string[];
}

/**
 * `git merge-file -p --diff3`: its conflict blocks (lines without terminators) and its output with
 * every block replaced by the amendment's side.
 */
function gitMergeDiff3(base: string, ours: string, theirs: string): { blocks: Diff3Block[]; preferTheirs: string } {
  const [o, b, t] = writeTriple(base, ours, theirs);
  const r = git(['merge-file', '-p', '--diff3', '-L', 'concept', '-L', 'basis', '-L', 'amendement', o, b, t]);
  const recs = splitRecords(r.stdout);
  const blocks: Diff3Block[] = [];
  const out: string[] = [];
  let cur: { concept: string[]; basis: string[]; amendement: string[] } | null = null;
  let part: 'concept' | 'basis' | 'amendement' = 'concept';
  let theirsRecs: string[] = [];
  let endsWithBlock = false;
  for (const rec of recs) {
    endsWithBlock = false;
    if (cur === null && rec === '<<<<<<< concept\n') {
      cur = { concept: [], basis: [], amendement: [] };
      part = 'concept';
      theirsRecs = [];
    } else if (cur !== null && rec === '||||||| basis\n') {
      part = 'basis';
    } else if (cur !== null && rec === '=======\n') {
      part = 'amendement';
    } else if (cur !== null && rec === '>>>>>>> amendement\n') {
      blocks.push(cur);
      out.push(...theirsRecs);
      cur = null;
      endsWithBlock = true;
    } else if (cur !== null) {
      cur[part].push(rec.replace(/\n$/, ''));
      if (part === 'amendement') theirsRecs.push(rec);
    } else {
      out.push(rec);
    }
  }
  let preferTheirs = out.join('');
  // git ends a conflict side that lacks a final newline with one; the amendment's text has none.
  const lastBlock = blocks[blocks.length - 1];
  if (endsWithBlock && lastBlock !== undefined && lastBlock.amendement.length > 0 && !theirs.endsWith('\n')) {
    preferTheirs = preferTheirs.slice(0, -1);
  }
  return { blocks, preferTheirs };
}

const blockOf = (c: TextConflict): Diff3Block => ({ concept: c.concept, basis: c.basis, amendement: c.amendement });

/**
 * The merged text when each side's changes touch other base lines than the other side's (the rule
 * for changes to adjacent sentences), computed here independently from the two line diffs: the
 * hunks of both sides (a change made identically on both sides once) applied to the base in order.
 * Null when two hunks overlap or both sides insert at one place.
 */
function applyBothSides(base: string, ours: string, theirs: string): string | null {
  const b = splitRecords(base);
  const side = (other: string) => {
    const o = splitRecords(other);
    return diffLineHunks(b, o).map((h) => ({ start: h.from, end: h.from + h.fromCount, recs: o.slice(h.to, h.to + h.toCount) }));
  };
  const mine = side(ours);
  const key = (h: { start: number; end: number; recs: string[] }) => JSON.stringify(h);
  const seen = new Set(mine.map(key));
  const hunks = [...mine, ...side(theirs).filter((h) => !seen.has(key(h)))].sort((x, y) => x.start - y.start || x.end - x.start - (y.end - y.start));
  for (let k = 1; k < hunks.length; k++) {
    const x = hunks[k - 1];
    const y = hunks[k];
    if (x === undefined || y === undefined) continue;
    if (y.start < x.end) return null;
    if (x.start === y.start && x.start === x.end && y.start === y.end) return null;
  }
  const out: string[] = [];
  let at = 0;
  for (const h of hunks) {
    out.push(...b.slice(at, h.start), ...h.recs);
    at = h.end;
  }
  out.push(...b.slice(at));
  return out.join('');
}

/**
 * Checks mergeText and mergeTextPreferTheirs against git for one case: where git merges cleanly we
 * give git's text, byte for byte; where git reports a conflict only because the two sides changed
 * adjacent sentences, we apply both sides (`applyBothSides`, when the whole text resolves so); every
 * conflict we still report is one of git's diff3 blocks, in git's order.
 */
function expectAgreesWithGit(base: string, ours: string, theirs: string): void {
  const g = gitMerge(base, ours, theirs);
  const mine = mergeText(base, ours, theirs);
  const pt = mergeTextPreferTheirs(base, ours, theirs);
  if (mine.ok) expect(pt).toEqual({ text: mine.text, conflicts: [] });
  else expect(mine.conflicts).toEqual(pt.conflicts);

  if (g.conflicts === 0) {
    expect({ ok: mine.ok, text: mine.ok ? mine.text : null }).toEqual({ ok: true, text: g.out });
    return;
  }
  const both = applyBothSides(base, ours, theirs);
  // No two changes on one sentence (nor two insertions at one place): no conflict.
  if (both !== null) expect(mine.ok).toBe(true);
  if (mine.ok) {
    // Resolved where git conflicts: exactly both sides' changes applied.
    expect(both).not.toBeNull();
    expect(mine.text).toBe(both);
  }
  const d3 = gitMergeDiff3(base, ours, theirs);
  const mineBlocks = pt.conflicts.map(blockOf);
  let k = 0;
  for (const block of d3.blocks) {
    if (k < mineBlocks.length && JSON.stringify(block) === JSON.stringify(mineBlocks[k])) k++;
  }
  expect(k).toBe(mineBlocks.length);
  // Where nothing is adjacent-only, we are git exactly (blocks with equal sides resolved, as its default level).
  if (!mine.ok && mineBlocks.length === d3.blocks.filter((bl) => JSON.stringify(bl.concept) !== JSON.stringify(bl.amendement)).length) {
    expect(pt.text).toBe(d3.preferTheirs);
  }
}

// ---------------------------------------------------------------------------------------------------

const BASE = text(
  '# Open en bekende technologie',
  '',
  'Gemeenten kiezen voor open standaarden.',
  'Zo blijft de stad onafhankelijk van leveranciers.',
  'Broncode van software die met publiek geld is gemaakt, wordt openbaar.',
  '',
  'Inwoners kunnen zien welke technologie de gemeente gebruikt.',
  'De gemeente legt uit waarom.',
);

function replaceLine(t: string, from: string, to: string): string {
  const lines = splitRecords(t);
  const i = lines.indexOf(`${from}\n`);
  if (i < 0) throw new Error(`no line ${from}`);
  lines[i] = `${to}\n`;
  return lines.join('');
}

describe('mergeText', () => {
  it('merges two amendments that change different sentences of one principle', () => {
    const ours = replaceLine(BASE, 'Gemeenten kiezen voor open standaarden.', 'Gemeenten kiezen altijd voor open standaarden.');
    const theirs = replaceLine(BASE, 'De gemeente legt uit waarom.', 'De gemeente legt in begrijpelijke taal uit waarom.');
    const r = mergeText(BASE, ours, theirs);
    expect(r).toEqual({
      ok: true,
      text: replaceLine(ours, 'De gemeente legt uit waarom.', 'De gemeente legt in begrijpelijke taal uit waarom.'),
    });
    expectAgreesWithGit(BASE, ours, theirs);
  });

  it('reports a conflict with base, draft and amendment lines when both change the same sentence differently', () => {
    const ours = replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad vrij.');
    const theirs = replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de gemeente onafhankelijk.');
    expect(mergeText(BASE, ours, theirs)).toEqual({
      ok: false,
      conflicts: [
        {
          regelBasis: 4,
          basis: ['Zo blijft de stad onafhankelijk van leveranciers.'],
          concept: ['Zo blijft de stad vrij.'],
          amendement: ['Zo blijft de gemeente onafhankelijk.'],
        },
      ],
    });
    expectAgreesWithGit(BASE, ours, theirs);
  });

  it('accepts the same change made on both sides', () => {
    const both = replaceLine(BASE, 'De gemeente legt uit waarom.', 'De gemeente legt uit waarom en hoe.');
    expect(mergeText(BASE, both, both)).toEqual({ ok: true, text: both });
    expectAgreesWithGit(BASE, both, both);
  });

  it('merges changes to adjacent sentences, where git (made for code) reports a conflict', () => {
    const ours = replaceLine(BASE, 'Gemeenten kiezen voor open standaarden.', 'Gemeenten kiezen voor open standaarden, waar die bestaan.');
    const theirs = replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad onafhankelijk.');
    expect(gitMerge(BASE, ours, theirs).conflicts).toBe(1);
    expect(mergeText(BASE, ours, theirs)).toEqual({
      ok: true,
      text: replaceLine(ours, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad onafhankelijk.'),
    });
    expectAgreesWithGit(BASE, ours, theirs);
    // A sentence inserted right after a sentence the other side changed, and one deleted right before it.
    const inserted = BASE.replace('Zo blijft de stad onafhankelijk van leveranciers.\n', 'Zo blijft de stad onafhankelijk van leveranciers.\nEn van één platform.\n');
    expect(mergeText(BASE, inserted, theirs)).toEqual({ ok: true, text: theirs.replace('Zo blijft de stad onafhankelijk.\n', 'Zo blijft de stad onafhankelijk.\nEn van één platform.\n') });
    const deleted = BASE.replace('Gemeenten kiezen voor open standaarden.\n', '');
    expect(mergeText(BASE, deleted, theirs)).toEqual({ ok: true, text: theirs.replace('Gemeenten kiezen voor open standaarden.\n', '') });
  });

  it('still reports a conflict when both change the same sentence, or both insert at one place', () => {
    const ours = replaceLine(BASE, 'De gemeente legt uit waarom.', 'De gemeente legt uit waarom en hoe.');
    const theirs = replaceLine(BASE, 'De gemeente legt uit waarom.', 'De gemeente legt het uit.');
    expect(mergeText(BASE, ours, theirs).ok).toBe(false);
    const a = `${BASE}Eerste nieuwe zin.\n`;
    const b = `${BASE}Tweede nieuwe zin.\n`;
    expect(mergeText(BASE, a, b).ok).toBe(false);
    // One side changes two adjacent sentences, the other the second of them: overlapping, a conflict.
    const two = replaceLine(replaceLine(BASE, 'Gemeenten kiezen voor open standaarden.', 'Gemeenten kiezen open standaarden.'), 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad vrij.');
    const second = replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad onafhankelijk.');
    const r = mergeText(BASE, two, second);
    expect(r.ok).toBe(false);
    expectAgreesWithGit(BASE, two, second);
  });

  it('merges changes with one unchanged sentence between them', () => {
    const ours = replaceLine(BASE, 'Gemeenten kiezen voor open standaarden.', 'Gemeenten kiezen voor open standaarden, waar die bestaan.');
    const theirs = replaceLine(
      BASE,
      'Broncode van software die met publiek geld is gemaakt, wordt openbaar.',
      'Broncode van software die met publiek geld is gemaakt, wordt openbaar onder een open licentie.',
    );
    expect(mergeText(BASE, ours, theirs).ok).toBe(true);
    expectAgreesWithGit(BASE, ours, theirs);
  });

  it('keeps or leaves out the final newline exactly', () => {
    const base = 'Een.\nTwee.\nDrie.';
    const ours = 'Een!\nTwee.\nDrie.';
    const theirs = 'Een.\nTwee.\nDrie!';
    expect(mergeText(base, ours, theirs)).toEqual({ ok: true, text: 'Een!\nTwee.\nDrie!' });
    expect(mergeText(text('Een.', 'Twee.', 'Drie.'), text('Een!', 'Twee.', 'Drie.'), text('Een.', 'Twee.', 'Drie!'))).toEqual({
      ok: true,
      text: text('Een!', 'Twee.', 'Drie!'),
    });
    // Adding the final newline is a change of the last line.
    expect(mergeText('Een.\nTwee.\nDrie.', 'Een.\nTwee.\nDrie.\n', 'Een!\nTwee.\nDrie.')).toEqual({
      ok: true,
      text: 'Een!\nTwee.\nDrie.\n',
    });
    expect(mergeText('', '', '')).toEqual({ ok: true, text: '' });
    for (const [b, o, t] of [
      ['Een.\nTwee.\nDrie.', 'Een!\nTwee.\nDrie.', 'Een.\nTwee.\nDrie!'],
      ['Een.\nTwee.\nDrie.', 'Een.\nTwee.\nDrie.\n', 'Een.\nTwee.\nDrie'],
      ['Een.\nTwee.\n', 'Een.\nTwee.\nDrie.', 'Een.\nTwee.\nDrie.\n'],
      ['Een.\n', 'Een.\nTwee.', 'Nul.\nEen.\n'],
    ] as const) {
      expectAgreesWithGit(b, o, t);
    }
  });

  it('compares lines exactly, carriage returns included', () => {
    const base = 'Een.\r\nTwee.\r\nDrie.\r\nVier.\r\n';
    const ours = 'Een.\nTwee.\r\nDrie.\r\nVier.\r\n';
    const theirs = 'Een.\r\nTwee.\r\nDrie.\r\nVier!\r\n';
    expect(mergeText(base, ours, theirs)).toEqual({ ok: true, text: 'Een.\nTwee.\r\nDrie.\r\nVier!\r\n' });
    expectAgreesWithGit(base, ours, theirs);
  });
});

describe('mergeTextPreferTheirs', () => {
  it("writes each conflict region as the amendment's lines and lists the conflicts", () => {
    const ours = replaceLine(
      replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de stad vrij.'),
      '# Open en bekende technologie',
      '# Open technologie',
    );
    const theirs = replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de gemeente onafhankelijk.');
    const r = mergeTextPreferTheirs(BASE, ours, theirs);
    expect(r.text).toBe(
      replaceLine(
        replaceLine(BASE, 'Zo blijft de stad onafhankelijk van leveranciers.', 'Zo blijft de gemeente onafhankelijk.'),
        '# Open en bekende technologie',
        '# Open technologie',
      ),
    );
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]?.regelBasis).toBe(4);
    expectAgreesWithGit(BASE, ours, theirs);
  });

  it('equals mergeText when there is no conflict', () => {
    const ours = replaceLine(BASE, 'Gemeenten kiezen voor open standaarden.', 'Gemeenten kiezen voor open standaarden!');
    const theirs = replaceLine(BASE, 'De gemeente legt uit waarom.', 'De gemeente legt uit waarom!');
    const merged = mergeText(BASE, ours, theirs);
    expect(merged.ok).toBe(true);
    if (merged.ok) expect(mergeTextPreferTheirs(BASE, ours, theirs)).toEqual({ text: merged.text, conflicts: [] });
  });
});

describe('agreement with git merge-file', () => {
  const P = (...paragraphs: string[][]): string => text(...paragraphs.flatMap((p, i) => (i === 0 ? p : ['', ...p])));
  const fixtures: { name: string; base: string; ours: string; theirs: string }[] = [
    { name: 'insertions at the same place, different', base: text('a', 'b'), ours: text('a', 'x', 'b'), theirs: text('a', 'y', 'b') },
    { name: 'insertions at the same place, identical', base: text('a', 'b'), ours: text('a', 'x', 'b'), theirs: text('a', 'x', 'b') },
    { name: 'deleted here, changed there', base: text('a', 'b', 'c'), ours: text('a', 'c'), theirs: text('a', 'B', 'c') },
    { name: 'deleted on both sides', base: text('a', 'b', 'c'), ours: text('a', 'c'), theirs: text('a', 'c') },
    { name: 'append after a changed last line', base: text('a', 'b'), ours: text('a', 'b', 'c'), theirs: text('a', 'B') },
    { name: 'insertion right before a changed line', base: text('a', 'b', 'c'), ours: text('a', 'x', 'b', 'c'), theirs: text('a', 'B', 'c') },
    { name: 'insertion right after a changed line', base: text('a', 'b', 'c'), ours: text('a', 'b', 'x', 'c'), theirs: text('a', 'B', 'c') },
    { name: 'insertion at the top and a change of line 1', base: text('a', 'b'), ours: text('x', 'a', 'b'), theirs: text('A', 'b') },
    { name: 'both sides emptied the file', base: text('a', 'b'), ours: '', theirs: '' },
    { name: 'one side emptied the file, the other changed it', base: text('a', 'b'), ours: '', theirs: text('a', 'B') },
    { name: 'empty base, both sides added', base: '', ours: text('a'), theirs: text('b') },
    {
      name: 'identical change next to a change of one side',
      base: text('a', 'b', 'c', 'd'),
      ours: text('a', 'B', 'c', 'd'),
      theirs: text('a', 'B', 'C', 'd'),
    },
    // node-diff3 reports a conflict here, git merges cleanly (it places the deletions differently).
    { name: 'repeated lines (1)', base: text('b', 'd', 'd', 'b', 'c'), ours: text('b', 'd', 'd', 'c'), theirs: text('d', 'b', 'c') },
    {
      name: 'repeated lines (2)',
      base: text('', 'a', 'd', 'a', 'a', 'e'),
      ours: text('', 'a', 'd', 'bx', 'a', 'e', 'b'),
      theirs: text('', 'a', 'a', 'd', 'a', 'a', 'a', 'e'),
    },
    {
      name: 'a paragraph removed next to an edited paragraph',
      base: P(['# T'], ['Een.', 'Twee.'], ['Drie.', 'Vier.'], ['Vijf.']),
      ours: P(['# T'], ['Een.', 'Twee.'], ['Vijf.']),
      theirs: P(['# T'], ['Een.', 'Twee.'], ['Drie.', 'Vier.'], ['Vijf!']),
    },
    {
      name: 'a paragraph added where the other side edits the next one',
      base: P(['# T'], ['Een.'], ['Twee.']),
      ours: P(['# T'], ['Een.'], ['Nieuw.'], ['Twee.']),
      theirs: P(['# T'], ['Een.'], ['Twee!']),
    },
    // `--diff3` (git's "eager" level) shows a conflict here whose two sides are equal; git's default
    // level, and ours, resolve it.
    { name: 'a region with equal sides (1)', base: text('b', '', ''), ours: text('b', ''), theirs: text('c', 'b', 'b', '') },
    {
      name: 'a region with equal sides (2)',
      base: text('', '', '', 'c', 'c'),
      ours: text('', 'c', '', '', '', 'c'),
      theirs: text('', '', '', 'c'),
    },
    {
      name: 'two conflicts in one file',
      base: text('a', 'b', 'c', 'd', 'e'),
      ours: text('A', 'b', 'c', 'd', 'E'),
      theirs: text('α', 'b', 'c', 'd', 'ε'),
    },
  ];
  for (const f of fixtures) {
    it(f.name, () => expectAgreesWithGit(f.base, f.ours, f.theirs));
  }

  it('node-diff3 would disagree: git merges the repeated-lines fixture cleanly, and so do we', () => {
    expect(mergeText(text('b', 'd', 'd', 'b', 'c'), text('b', 'd', 'd', 'c'), text('d', 'b', 'c'))).toEqual({
      ok: true,
      text: text('d', 'c'),
    });
  });

  it('resolves a conflict region whose two sides are equal, as git merge-file does by default', () => {
    const r = mergeText(text('b', '', ''), text('b', ''), text('c', 'b', 'b', ''));
    expect(r.ok).toBe(true);
    expect(gitMerge(text('b', '', ''), text('b', ''), text('c', 'b', 'b', '')).conflicts).toBe(0);
    expect(gitMergeDiff3(text('b', '', ''), text('b', ''), text('c', 'b', 'b', '')).blocks).toHaveLength(1);
  });

  it('agrees on random small line edits (property)', () => {
    const vocabulary = ['Zin een.', 'Zin twee.', 'Zin drie.', '', 'Zin vier.'];
    const edit = fc.record({
      op: fc.constantFrom('insert', 'delete', 'replace'),
      pos: fc.nat(20),
      line: fc.constantFrom(...vocabulary, 'Nieuw.', 'Anders.'),
    });
    const apply = (lines: readonly string[], edits: readonly { op: string; pos: number; line: string }[]): string[] => {
      const out = [...lines];
      for (const e of edits) {
        if (e.op === 'insert') out.splice(e.pos % (out.length + 1), 0, e.line);
        else if (out.length === 0) continue;
        else if (e.op === 'delete') out.splice(e.pos % out.length, 1);
        else out[e.pos % out.length] = e.line;
      }
      return out;
    };
    const render = (lines: readonly string[], finalNewline: boolean): string => {
      const t = text(...lines);
      return finalNewline || t === '' ? t : t.slice(0, -1);
    };
    const finalNewline = fc.constantFrom(true, true, true, false);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }),
        fc.array(edit, { maxLength: 3 }),
        fc.array(edit, { maxLength: 3 }),
        fc.tuple(finalNewline, finalNewline, finalNewline),
        (baseLines, oursEdits, theirsEdits, [nb, no, nt]) => {
          const base = render(baseLines, nb);
          const ours = render(apply(baseLines, oursEdits), no);
          const theirs = render(apply(baseLines, theirsEdits), nt);
          expectAgreesWithGit(base, ours, theirs);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('agrees on large texts with many edits (exercises the diff cut-offs for costly comparisons)', () => {
    let seed = 20240611;
    const rnd = (n: number): number => {
      // mulberry32: deterministic, so a failure can be reproduced.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (((t ^ (t >>> 14)) >>> 0) % n) as number;
    };
    for (const [size, vocabularySize, oursEdits, theirsEdits] of [
      [3000, 40, 700, 30],
      [1500, 150, 300, 300],
    ] as const) {
      const base = Array.from({ length: size }, () => `zin ${rnd(vocabularySize)}`);
      const edit = (lines: readonly string[], k: number): string[] => {
        const out = [...lines];
        for (let i = 0; i < k; i++) {
          const p = rnd(out.length + 1);
          const op = rnd(3);
          if (op === 0) out.splice(p, 0, `zin ${rnd(vocabularySize)}`);
          else if (op === 1) out.splice(p, 1 + rnd(3));
          else out[p] = `nieuw ${rnd(50)}`;
        }
        return out;
      };
      const b = text(...base);
      const o = text(...edit(base, oursEdits));
      const t = text(...edit(base, theirsEdits));

      // The two-way diff equals git's Myers diff hunk for hunk.
      writeFileSync(join(workDir, 'van'), b);
      writeFileSync(join(workDir, 'naar'), o);
      const d = git(['diff', '--no-index', '-U0', '--no-indent-heuristic', '--diff-algorithm=myers', '--no-color', 'van', 'naar']);
      const gitHunks = [...d.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)].map(
        (m) => `${m[1]},${m[2] ?? '1'} ${m[3]},${m[4] ?? '1'}`,
      );
      const ourHunks = diffLineHunks(splitRecords(b), splitRecords(o)).map(
        (h) => `${h.fromCount === 0 ? h.from : h.from + 1},${h.fromCount} ${h.toCount === 0 ? h.to : h.to + 1},${h.toCount}`,
      );
      expect(ourHunks).toEqual(gitHunks);

      expectAgreesWithGit(b, o, t);
    }
  }, 60_000);
});

describe('mergeFileSets', () => {
  const files = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));
  const A = text('# A', '', 'Een.', 'Twee.', 'Drie.');

  it('merges files present on all sides and takes one-sided changes, additions and deletions', () => {
    const base = files({ 'document.yml': 'titel: T\n', '01-a.md': A, '02-b.md': text('# B'), '03-c.md': text('# C') });
    const ours = files({
      'document.yml': 'titel: T\n',
      '01-a.md': replaceLine(A, 'Een.', 'Een!'),
      '02-b.md': text('# B', 'Nieuw.'),
      // 03-c.md deleted, unchanged on the other side
      '04-d.md': text('# D'),
    });
    const theirs = files({
      'document.yml': 'titel: T2\n',
      '01-a.md': replaceLine(A, 'Drie.', 'Drie!'),
      '02-b.md': text('# B'),
      '03-c.md': text('# C'),
      '05-e.md': text('# E'),
    });
    const r = mergeFileSets(base, ours, theirs);
    expect(r).toEqual({
      ok: true,
      files: new Map([
        ['01-a.md', replaceLine(replaceLine(A, 'Een.', 'Een!'), 'Drie.', 'Drie!')],
        ['02-b.md', text('# B', 'Nieuw.')],
        ['04-d.md', text('# D')],
        ['05-e.md', text('# E')],
        ['document.yml', 'titel: T2\n'],
      ]),
    });
  });

  it('accepts a file added identically on both sides and a file deleted on both sides', () => {
    const r = mergeFileSets(files({ 'x.md': 'x\n' }), files({ 'y.md': 'y\n' }), files({ 'y.md': 'y\n' }));
    expect(r).toEqual({ ok: true, files: new Map([['y.md', 'y\n']]) });
  });

  it('reports a file added differently on both sides', () => {
    const r = mergeFileSets(files({}), files({ 'y.md': 'y\n' }), files({ 'y.md': 'z\n' }));
    expect(r).toEqual({
      ok: false,
      conflicts: [],
      fileConflicts: [{ bestand: 'y.md', soort: 'beide-toegevoegd', concept: 'y\n', amendement: 'z\n', basis: null }],
    });
  });

  it('reports a file deleted on one side and changed on the other, both ways round', () => {
    const base = files({ 'a.md': A, 'b.md': text('b') });
    const ours = files({ 'b.md': text('B') });
    const theirs = files({ 'a.md': replaceLine(A, 'Een.', 'Een!') });
    const r = mergeFileSets(base, ours, theirs);
    expect(r).toEqual({
      ok: false,
      conflicts: [],
      fileConflicts: [
        { bestand: 'a.md', soort: 'verwijderd-en-gewijzigd', concept: null, amendement: replaceLine(A, 'Een.', 'Een!'), basis: A },
        { bestand: 'b.md', soort: 'verwijderd-en-gewijzigd', concept: text('B'), amendement: null, basis: text('b') },
      ],
    });
  });

  it('reports sentence conflicts with their file', () => {
    const base = files({ '01-a.md': A, '02-b.md': text('# B', 'Zin.') });
    const ours = files({ '01-a.md': replaceLine(A, 'Twee.', 'Twee!'), '02-b.md': text('# B', 'Zin!') });
    const theirs = files({ '01-a.md': replaceLine(A, 'Twee.', 'Twee?'), '02-b.md': text('# B', 'Zin.') });
    expect(mergeFileSets(base, ours, theirs)).toEqual({
      ok: false,
      conflicts: [{ bestand: '01-a.md', regelBasis: 4, basis: ['Twee.'], concept: ['Twee!'], amendement: ['Twee?'] }],
      fileConflicts: [],
    });
  });
});
