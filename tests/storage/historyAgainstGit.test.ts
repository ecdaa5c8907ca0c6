/**
 * History pages against stock git: on random histories with branches, merges both ways (an amendment
 * merged into main, main merged into an amendment as "bijwerken"), files added, removed and renamed,
 * contents that come back, equal timestamps and clock skew, every listing must be exactly what
 * `git log` prints: the same commits in the same order, with and without `--first-parent`, with and
 * without a path, and the same when read page by page with cursors.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentRepository } from '../../src/storage/git/repository.js';
import type { CommitInfo, FileChange, HistoryOptions } from '../../src/storage/git/types.js';
import { historyPage } from '../../src/queries/cursors.js';

const T0 = 1_700_000_000;
const FILES = ['01-a.md', '02-b.md', '03-c.md', '04-d.md', '05-e.md'];
const CONTENTS = ['# A\n\nEen.\n', '# A\n\nTwee.\n', '# A\n\nDrie.\n', '# B\n\nVier.\n'];

function git(dir: string, args: string[]): string[] {
  const out = execFileSync('git', ['--git-dir', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return out.split('\n').filter((l) => l !== '');
}

/** A small deterministic random generator (mulberry32), so a failing seed can be replayed. */
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

function changesBetween(from: ReadonlyMap<string, string>, to: ReadonlyMap<string, string>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [p, c] of to) if (from.get(p) !== c) changes.push({ path: p, content: c });
  for (const p of from.keys()) if (!to.has(p)) changes.push({ path: p, content: null });
  return changes;
}

async function allPages(repo: DocumentRepository, opts: Omit<HistoryOptions, 'limit' | 'cursor'>, limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await historyPage(repo, { ...opts, limit, ...(cursor !== undefined ? { cursor } : {}) });
    out.push(...page.items.map((c) => c.oid));
    if (page.next === null) return out;
    cursor = page.next;
  }
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'principes-history-git-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Builds a random history of about `steps` commits in a new repository. */
async function randomHistory(seed: number, steps: number): Promise<{ repo: DocumentRepository; dir: string; branches: string[] }> {
  const rnd = random(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const dir = path.join(root, `repo-${seed}.git`);
  let clock = T0;
  // Equal timestamps are common (several writes in one second) and a clock may go back.
  const tick = (): number => {
    const r = rnd();
    clock += r < 0.4 ? 0 : r < 0.9 ? 1 + Math.floor(rnd() * 3) : -2;
    return clock;
  };
  const sig = () => ({ name: 'Tester', email: 'tester@example.org', timestamp: tick(), timezoneOffset: 0 });
  const repo = await DocumentRepository.init(
    dir,
    'test',
    {
      files: { '01-a.md': CONTENTS[0] as string, '02-b.md': CONTENTS[3] as string },
      author: sig(),
      message: 'Begin',
      version: { naam: '1.0', message: 'Versie 1.0', tagger: sig() },
    },
    { fsync: false },
  );
  const branches: string[] = [];
  /** A random edit of a tree: change, add, remove or rename a file (never leaving it empty). */
  const edit = (files: Map<string, string>): Map<string, string> => {
    const out = new Map(files);
    const r = rnd();
    const present = [...out.keys()];
    if (r < 0.55 || present.length === 0) out.set(pick(FILES), pick(CONTENTS));
    else if (r < 0.7 && present.length > 1) out.delete(pick(present));
    else {
      const from = pick(present);
      const to = pick(FILES);
      const content = out.get(from) as string;
      out.delete(from);
      out.set(to, content);
    }
    if (out.size === 0) out.set(pick(FILES), pick(CONTENTS));
    return out;
  };
  for (let i = 0; i < steps; i++) {
    const r = rnd();
    const main = repo.head();
    const mainFiles = await repo.readFiles(main.oid);
    if (r < 0.3 || (branches.length === 0 && r >= 0.5)) {
      // A change on the draft.
      await repo.commit({ branch: 'main', parent: main.oid, changes: changesBetween(mainFiles, edit(mainFiles)), author: sig(), message: `Concept ${i}` });
    } else if (r < 0.5) {
      // A new amendment, from the draft or an older draft commit.
      const line = await repo.history({ limit: 5, firstParent: true });
      const base = pick(line.items);
      const name = `amendementen/${branches.length + 1}`;
      const files = await repo.readFiles(base.oid);
      await repo.commit({ branch: name, parent: null, base: base.oid, changes: changesBetween(files, edit(files)), author: sig(), message: `Voorstel ${i}` });
      branches.push(name);
    } else if (r < 0.65) {
      // A revision of an amendment.
      const name = pick(branches);
      const tip = repo.branchTip(name) as string;
      const files = await repo.readFiles(tip);
      await repo.commit({ branch: name, parent: tip, changes: changesBetween(files, edit(files)), author: sig(), message: `Revisie ${i}` });
    } else if (r < 0.8) {
      // "Bijwerken": the draft merged into an amendment; the tree takes the draft's files except some of the amendment's.
      const name = pick(branches);
      const tip = repo.branchTip(name) as string;
      if (repo.isAncestor(main.oid, tip)) continue;
      const files = await repo.readFiles(tip);
      const merged = new Map(mainFiles);
      for (const [p, c] of files) if (rnd() < 0.5) merged.set(p, c);
      await repo.commit({ branch: name, parent: tip, mergeParents: [main.oid], changes: changesBetween(files, merged), author: sig(), message: `Bijgewerkt ${i}` });
    } else {
      // A decision: the amendment merged into main, with its tree, the draft's, or a mix (and sometimes an extra edit).
      const name = pick(branches);
      const tip = repo.branchTip(name) as string;
      if (repo.isAncestor(tip, main.oid)) continue;
      const files = await repo.readFiles(tip);
      const kind = rnd();
      let merged = kind < 0.5 ? new Map(files) : kind < 0.65 ? new Map(mainFiles) : new Map([...mainFiles, ...files]);
      if (rnd() < 0.15) merged = edit(merged);
      await repo.commit({ branch: 'main', parent: main.oid, mergeParents: [tip], changes: changesBetween(mainFiles, merged), author: sig(), message: `Besluit ${i}` });
    }
  }
  return { repo, dir, branches };
}

describe('history equals git log', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  it.each(seeds)('random history %i: git log, --first-parent, -- <file>, page by page', async (seed) => {
    const { repo, dir, branches } = await randomHistory(seed, 60);
    const refs: { ref: string; gitRef: string }[] = [
      { ref: 'concept', gitRef: 'main' },
      { ref: '1.0', gitRef: 'v1.0' },
      ...branches.slice(0, 2).map((b) => ({ ref: repo.branchTip(b) as string, gitRef: b })),
    ];
    for (const { ref, gitRef } of refs) {
      for (const firstParent of [false, true]) {
        const fp = firstParent ? ['--first-parent'] : [];
        const expected = git(dir, ['log', ...fp, '--format=%H', gitRef]);
        const ours = (await repo.history({ ref, limit: 1000, firstParent })).items.map((c: CommitInfo) => c.oid);
        expect(ours, `${gitRef} first-parent=${firstParent}`).toEqual(expected);
        for (const file of FILES) {
          const expectedFile = git(dir, ['log', ...fp, '--format=%H', gitRef, '--', file]);
          expect(await allPages(repo, { ref, firstParent, path: file }, 1000), `${gitRef} -- ${file} first-parent=${firstParent}`).toEqual(expectedFile);
          if (ref === 'concept') expect(await allPages(repo, { ref, firstParent, path: file }, 2), `paged ${file}`).toEqual(expectedFile);
        }
        if (ref === 'concept') expect(await allPages(repo, { ref, firstParent }, 3), 'paged').toEqual(expected);
      }
    }
    // A repository opened afresh (index rebuilt from disk) lists the same.
    const again = await DocumentRepository.open(dir, 'test', { fsync: false });
    for (const file of FILES) {
      expect(await allPages(again, { path: file }, 4)).toEqual(git(dir, ['log', '--format=%H', 'main', '--', file]));
    }
  }, 60_000);
});
