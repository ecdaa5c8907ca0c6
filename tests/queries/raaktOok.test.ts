/**
 * "Raakt ook" on the amendment page, on random histories made through the real verbs on a real git
 * store: amendments proposed, revised, brought onto the draft, merged, rejected and withdrawn, each
 * changing random sentences. After every step, every open amendment's `raaktOok` must be what the
 * computation before the index gave: the loop over all other open amendments, each one's touched
 * sentences computed from its texts in git. The same after a restart (the index rebuilt from the
 * files), with some records stripped of their touched sentences (as stores written before they were
 * kept), and after the start-up backfill. And the first page after a start reads no other amendment's
 * texts, however many are open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideAmendment } from '../../src/commands/amendments/decideAmendment.js';
import { proposeAmendment } from '../../src/commands/amendments/proposeAmendment.js';
import { reviseAmendment } from '../../src/commands/amendments/reviseAmendment.js';
import { updateAmendment } from '../../src/commands/amendments/updateAmendment.js';
import { withdrawAmendment } from '../../src/commands/amendments/withdrawAmendment.js';
import { backfillTouchedSentences } from '../../src/commands/setup/backfillTouchedSentences.js';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { touchedSentences } from '../../src/domain/amendmentChange.js';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { parseDocumentFiles } from '../../src/domain/documentModel.js';
import { amendmentDetail } from '../../src/queries/amendmentQueries.js';
import { openStores, type Stores } from '../../src/storage/stores.js';
import { amendmentFile } from '../helpers/amendmentFiles.js';
import { DOC, person, type Person } from '../helpers/storeScenario.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(() => t?.cleanup());

/** A small seeded generator (mulberry32), so a failing history can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The touched sentences of the amendment's current revision, from its texts in git (never from the record). */
async function fromTexts(stores: Stores, record: AmendmentRecord): Promise<{ bestand: string; zin: string }[]> {
  const repo = stores.documents.get(record.document);
  const rev = record.revisies.at(-1);
  if (rev === undefined) throw new Error('no revision');
  const [base, tip] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(rev.commit)]);
  return touchedSentences(parseDocumentFiles(base), parseDocumentFiles(tip));
}

/** The computation before the index (amendmentDetail until the amendment store), with every amendment's sentences from its texts. */
async function referenceRaaktOok(stores: Stores, record: AmendmentRecord, all: readonly AmendmentRecord[] = stores.amendments.list(record.document)): Promise<number[]> {
  const key = (x: { bestand: string; zin: string }) => `${x.bestand}\n${x.zin}`;
  const mine = new Set((await fromTexts(stores, record)).map(key));
  const others = all.filter((o) => o.document === record.document && o.nummer !== record.nummer && o.status === 'ingediend');
  const raaktOok: number[] = [];
  for (const o of others) if ((await fromTexts(stores, o)).some((x) => mine.has(key(x)))) raaktOok.push(o.nummer);
  return raaktOok.sort((a, b) => a - b);
}

/** Compares every open amendment's page with the reference; returns how many pages had a non-empty "raakt ook". */
async function expectSameAsReference(stores: Stores, when: string): Promise<number> {
  let touching = 0;
  for (const record of stores.amendments.list(DOC)) {
    if (record.status !== 'ingediend') continue;
    const detail = await amendmentDetail(stores, DOC, record.nummer);
    expect(detail.raaktOok, `${when}: amendment ${record.nummer}`).toEqual(await referenceRaaktOok(stores, record));
    if (detail.raaktOok.length > 0) touching += 1;
  }
  return touching;
}

/** A new text of `file` at `commit`: `count` random sentence lines changed (a word appended). */
async function edited(stores: Stores, commit: string, next: () => number, tag: string, count = 1): Promise<{ bestand: string; tekst: string }> {
  const repo = stores.documents.get(DOC);
  const files = await repo.readFiles(commit);
  const principles = [...files.keys()].filter((f) => f.endsWith('.md')).sort();
  const bestand = principles[Math.floor(next() * principles.length)] as string;
  const lines = (files.get(bestand) ?? '').split('\n');
  const sentences = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => i > 0 && l.trim() !== '');
  for (let k = 0; k < count; k++) {
    const s = sentences[Math.floor(next() * sentences.length)];
    if (s !== undefined) lines[s.i] = `${(lines[s.i] ?? '').replace(/\.$/, '')} ${tag}.`;
  }
  return { bestand, tekst: lines.join('\n') };
}

/** Returns what happened, to check that the history exercised every verb and found overlaps. */
async function randomHistory(stores: Stores, proposer: Person, secretary: Person, seed: number, steps: number): Promise<{ touchingPages: number; statuses: Set<string>; revisions: Set<string> }> {
  const next = random(seed);
  let touchingPages = 0;
  const open = () => stores.amendments.list(DOC).filter((a) => a.status === 'ingediend');
  for (let i = 0; i < steps; i++) {
    const r = next();
    const target = open()[Math.floor(next() * open().length)];
    const tag = `s${seed}x${i}`;
    if (r < 0.5 || target === undefined) {
      const principle = await edited(stores, stores.documents.get(DOC).head().oid, next, tag, 1 + Math.floor(next() * 2));
      await proposeAmendment(stores, proposer.user, DOC, { titel: `Stap ${i}`, toelichting: 'Willekeurig.', basis: 'concept', principes: [principle], namens: 'persoon' });
    } else if (r < 0.65) {
      const rev = target.revisies.at(-1)?.commit ?? '';
      const principle = await edited(stores, rev, next, tag);
      await reviseAmendment(stores, proposer.user, DOC, target.nummer, { verwachteRevisie: rev, principes: [principle] }).catch(() => undefined);
    } else if (r < 0.75) {
      await updateAmendment(stores, proposer.user, DOC, target.nummer, { verwachteRevisie: target.revisies.at(-1)?.commit ?? '' }).catch(() => undefined);
    } else if (r < 0.87) {
      // Merges when it merges cleanly; otherwise (409) it stays open.
      await decideAmendment(stores, secretary.user, DOC, target.nummer, { besluit: 'overnemen', reden: 'Goed.', verwachteRevisie: target.revisies.at(-1)?.commit }, { minApprovals: 0 }).catch(() => undefined);
    } else if (r < 0.94) {
      await decideAmendment(stores, secretary.user, DOC, target.nummer, { besluit: 'verwerpen', reden: 'Nee.' }, { minApprovals: 0 });
    } else {
      await withdrawAmendment(stores, proposer.user, DOC, target.nummer, { reden: 'Toch niet.' });
    }
    touchingPages += await expectSameAsReference(stores, `seed ${seed}, after step ${i}`);
  }
  const all = stores.amendments.list(DOC);
  return { touchingPages, statuses: new Set(all.map((a) => a.status)), revisions: new Set(all.flatMap((a) => a.revisies.map((r) => r.soort))) };
}

describe('raakt ook on the amendment page', () => {
  it.each([1, 2, 3])('is what the loop over all open amendments gave, on a random history (seed %i), after a restart, for old records and after the backfill', async (seed) => {
    t = await makeTestApp();
    const proposer = await person(t.stores, 'werkgroeplid', 'Werk Groeplid');
    const secretary = await person(t.stores, 'secretaris', 'Sec Retaris');
    const history = await randomHistory(t.stores, proposer, secretary, seed, 30);
    expect(t.stores.amendments.list(DOC).filter((a) => a.status === 'ingediend').length).toBeGreaterThan(3);
    expect(history.touchingPages).toBeGreaterThan(10);
    expect(history.statuses.size, [...history.statuses].join()).toBeGreaterThanOrEqual(3);
    expect(history.revisions.size, [...history.revisions].join()).toBeGreaterThanOrEqual(2);

    // A restart: the index is rebuilt from the files.
    await expectSameAsReference(await openStores(t.dataDir), `seed ${seed}, after a restart`);

    // Records as written before the touched sentences were kept: the page computes them from the texts.
    const next = random(seed + 100);
    const stripped: number[] = [];
    for (const a of t.stores.amendments.list(DOC)) {
      if (next() < 0.5) continue;
      const old = { ...a, revisies: a.revisies.map(({ geraakt: _, ...rev }) => rev) };
      fs.writeFileSync(amendmentFile(t.dataDir, DOC, a.nummer), JSON.stringify(old, null, 2));
      if (a.status === 'ingediend') stripped.push(a.nummer);
    }
    const restarted = await openStores(t.dataDir);
    expect(restarted.amendments.openWithoutTouched(DOC).map((a) => a.nummer)).toEqual(stripped);
    await expectSameAsReference(restarted, `seed ${seed}, with old records`);

    // The start-up backfill records them, from the texts, and the answers stay the same.
    const report = await backfillTouchedSentences(restarted);
    expect(report).toEqual({ recorded: stripped.length, problems: [] });
    expect(restarted.amendments.openWithoutTouched(DOC)).toEqual([]);
    for (const n of stripped) {
      const record = restarted.amendments.get(DOC, n) as AmendmentRecord;
      expect(record.revisies.at(-1)?.geraakt).toEqual(await fromTexts(restarted, record));
    }
    await expectSameAsReference(restarted, `seed ${seed}, after the backfill`);
    await expectSameAsReference(await openStores(t.dataDir), `seed ${seed}, after the backfill and a restart`);
  }, 120_000);

  it('the first page after a start reads only its own texts, however many amendments are open, also those written before their touched sentences were kept', async () => {
    t = await makeTestApp();
    const proposer = await person(t.stores, 'werkgroeplid', 'Werk Groeplid');
    const next = random(7);
    const proposed: AmendmentRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const principle = await edited(t.stores, t.stores.documents.get(DOC).head().oid, next, `n${i}`);
      proposed.push(await proposeAmendment(t.stores, proposer.user, DOC, { titel: `Nummer ${i}`, toelichting: 'Veel.', basis: 'concept', principes: [principle], namens: 'persoon' }));
    }
    // As a store written before the touched sentences were kept.
    for (const a of proposed) {
      fs.writeFileSync(amendmentFile(t.dataDir, DOC, a.nummer), JSON.stringify({ ...a, revisies: a.revisies.map(({ geraakt: _, ...rev }) => rev) }, null, 2));
    }
    // A start, as the server does it.
    const log: string[] = [];
    const stores = await openStores(t.dataDir);
    await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), log: (line) => log.push(line) });
    expect(log).toContain('Recorded the sentences 40 open amendments touch (for "raakt ook"; they were written before those were kept)');

    const repo = stores.documents.get(DOC);
    const read: string[] = [];
    const readFiles = repo.readFiles.bind(repo);
    repo.readFiles = (commit: string) => {
      read.push(commit);
      return readFiles(commit);
    };
    const detail = await amendmentDetail(stores, DOC, 20);
    const twenty = proposed[19] as AmendmentRecord;
    const own = twenty.revisies.at(-1);
    // Its basis and revision (the draft is its basis, so the merge reads nothing more).
    expect(new Set(read)).toEqual(new Set([own?.basis, own?.commit]));
    expect(read.length).toBeLessThanOrEqual(2);
    expect(detail.raaktOok).toEqual(await referenceRaaktOok(stores, twenty, proposed));
    expect(detail.raaktOok.length).toBeGreaterThan(0);
  }, 120_000);
});
