/**
 * The git storage layer against real repositories on disk and the stock `git` CLI (clone, fsck, log,
 * cat-file, gc). No mocks.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict, InvalidInput, NotFound, StaleHead } from '../../src/errors.js';
import { DocumentRepository } from '../../src/storage/git/repository.js';
import type { CommitInfo, InitialContent, Signature } from '../../src/storage/git/types.js';
import { historyPage } from '../../src/queries/cursors.js';

const T0 = 1_700_000_000;

function sig(offset = 0, name = 'Tester'): Signature {
  return { name, email: 'tester@example.org', timestamp: T0 + offset, timezoneOffset: -60 };
}

const FILES = {
  'document.yml': 'titel: Principes voor de digitale stad\nnummering: doorlopend\n',
  '01-infrastructuur-voor-iedereen.md': '# Infrastructuur voor iedereen\n\nEerste zin.\nTweede zin.\n',
  '02-open-en-transparant.md': '# Open en transparant\n\nEen zin.\n',
};

function initialContent(): InitialContent {
  return {
    files: { ...FILES },
    author: sig(0),
    message: 'Tekst uit de bron',
    version: { naam: '1.0', message: 'Versie 1.0: vastgesteld door de ALV', tagger: sig(0, 'VNG') },
  };
}

/** Runs stock git without any user or system configuration. */
function runGit(args: string[], cwd?: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' },
  });
}

function fsck(dir: string): void {
  // Throws (non-zero exit) on any error; --strict also checks tree ordering, modes and ident formats.
  const out = execFileSync('git', ['--git-dir', dir, 'fsck', '--strict', '--no-dangling', '--no-progress'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  expect(out.trim()).toBe('');
}

async function expectError<E extends Error>(p: Promise<unknown> | (() => unknown), cls: new (...args: never[]) => E): Promise<E> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as E;
  }
  throw new Error(`expected ${cls.name}`);
}

async function allHistory(repo: DocumentRepository, opts: { ref?: string; path?: string; limit?: number; firstParent?: boolean } = {}): Promise<CommitInfo[]> {
  const out: CommitInfo[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await historyPage(repo, { limit: opts.limit ?? 7, ...opts, ...(cursor !== undefined ? { cursor } : {}) });
    out.push(...page.items);
    if (page.next === null) return out;
    cursor = page.next;
  }
}

let root: string;
let dir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitstore-test-'));
  dir = path.join(root, 'documents', 'digitale-stad.git');
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function commitLine(repo: DocumentRepository, n: number, startOffset = 1): Promise<CommitInfo[]> {
  const made: CommitInfo[] = [];
  for (let i = 0; i < n; i++) {
    const file = i % 3 === 2 ? '02-open-en-transparant.md' : '01-infrastructuur-voor-iedereen.md';
    made.push(
      await repo.commit({
        branch: 'main',
        parent: repo.head().oid,
        changes: [{ path: file, content: `# Titel\n\nVersie ${startOffset + i}.\n` }],
        author: sig(startOffset + i),
        message: `Wijziging ${startOffset + i}`,
      }),
    );
  }
  return made;
}

describe('DocumentRepository.init and open', () => {
  it('creates a bare repository with one commit on main and the annotated tag v1.0, and opens it again', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    expect(repo.slug).toBe('digitale-stad');
    expect(repo.dir).toBe(path.resolve(dir));
    expect(fs.existsSync(path.join(dir, 'HEAD'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['digitale-stad.git']); // no temp folder left

    const head = repo.head();
    expect(head.parents).toEqual([]);
    expect(head.message).toBe('Tekst uit de bron');
    expect(head.author).toEqual(sig(0));
    expect(Object.fromEntries(await repo.readFiles(head.oid))).toEqual(FILES);

    const [v] = repo.versions();
    expect(repo.versions()).toHaveLength(1);
    expect(v).toMatchObject({ naam: '1.0', tag: 'v1.0', commit: head.oid, tree: head.tree, message: 'Versie 1.0: vastgesteld door de ALV' });
    expect(v?.tagger).toEqual(sig(0, 'VNG'));

    const again = await DocumentRepository.open(dir, 'digitale-stad');
    expect(again.head()).toEqual(head);
    expect(again.versions()).toEqual(repo.versions());
    expect(Object.fromEntries(await again.readFiles(head.oid))).toEqual(FILES);
    expect(again.branches()).toEqual([{ name: 'main', oid: head.oid }]);
  });

  it('refuses to init over an existing folder, and validates the content', async () => {
    await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await expectError(DocumentRepository.init(dir, 'digitale-stad', initialContent()), Conflict);
    const other = path.join(root, 'documents', 'ander.git');
    const bad = initialContent();
    bad.files = { '../x.md': 'x' };
    await expectError(DocumentRepository.init(other, 'ander', bad), InvalidInput);
    const badVersion = initialContent();
    badVersion.version.naam = '1';
    await expectError(DocumentRepository.init(other, 'ander', badVersion), InvalidInput);
    const badAuthor = initialContent();
    badAuthor.author = { ...sig(0), name: 'Eve <evil>' };
    await expectError(DocumentRepository.init(other, 'ander', badAuthor), InvalidInput);
    expect(fs.existsSync(other)).toBe(false);
    await expectError(DocumentRepository.open(other, 'ander'), NotFound);
  });

  it('is a normal git repository: git clone, git fsck --strict and git cat-file agree', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 3);
    await repo.nameVersion({ naam: '1.1', message: 'Versie 1.1\n\nMet drie wijzigingen.', tagger: sig(10, 'VNG') });
    fsck(dir);

    const clone = path.join(root, 'clone');
    runGit(['clone', '--quiet', dir, clone]);
    expect(fs.readFileSync(path.join(clone, 'document.yml'), 'utf8')).toBe(FILES['document.yml']);
    expect(fs.readFileSync(path.join(clone, '01-infrastructuur-voor-iedereen.md'), 'utf8')).toBe('# Titel\n\nVersie 2.\n');
    expect(runGit(['tag', '--list'], clone).trim().split('\n')).toEqual(['v1.0', 'v1.1']);
    expect(runGit(['rev-parse', 'HEAD'], clone).trim()).toBe(repo.head().oid);

    expect(runGit(['--git-dir', dir, 'cat-file', '-t', 'v1.0']).trim()).toBe('tag');
    const tag = runGit(['--git-dir', dir, 'cat-file', '-p', 'v1.0']);
    const v10 = repo.resolve('1.0');
    expect(tag).toContain(`object ${v10.commit.oid}\ntype commit\ntag v1.0\ntagger VNG <tester@example.org> ${T0} +0100\n`);
    expect(tag).toContain('\n\nVersie 1.0: vastgesteld door de ALV\n');
    expect(runGit(['--git-dir', dir, 'cat-file', '-p', 'v1.1'])).toContain('\n\nVersie 1.1\n\nMet drie wijzigingen.\n');

    // The commit as stock git prints it equals our index entry.
    const head = repo.head();
    const raw = runGit(['--git-dir', dir, 'cat-file', '-p', head.oid]);
    expect(raw).toBe(
      `tree ${head.tree}\nparent ${head.parents[0]}\nauthor Tester <tester@example.org> ${T0 + 3} +0100\n` +
        `committer Tester <tester@example.org> ${T0 + 3} +0100\n\nWijziging 3\n`,
    );
  });

  it('writes objects isomorphic-git reads back identically (non-ASCII, time zones, deletions)', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const author = { name: 'Sjoerd van ’s-Hertogenbosch', email: 'sjoerd@example.nl', timestamp: T0 + 5, timezoneOffset: -330 };
    const committer = { name: 'Zoë Ω', email: 'zoe@example.nl', timestamp: T0 + 6, timezoneOffset: 480 };
    const c = await repo.commit({
      branch: 'main',
      parent: repo.head().oid,
      changes: [
        { path: '02-open-en-transparant.md', content: null },
        { path: '03-één-zin.md'.normalize('NFC').replace('één', 'een'), content: 'Ĳsselmeer — “citaat”\n' },
        { path: 'document.yml', content: FILES['document.yml'] }, // unchanged blob
      ],
      author,
      committer,
      message: '  \r\nTitel met CRLF\r\n\r\nEn meer.   \n\n',
    });
    expect(c.message).toBe('Titel met CRLF\n\nEn meer.');
    const { commit } = await git.readCommit({ fs, gitdir: dir, oid: c.oid });
    expect(commit.tree).toBe(c.tree);
    expect(commit.parent).toEqual(c.parents);
    expect(commit.author).toEqual(author);
    expect(commit.committer).toEqual(committer);
    expect(commit.message).toBe('Titel met CRLF\n\nEn meer.\n');
    const { tree } = await git.readTree({ fs, gitdir: dir, oid: c.tree });
    expect(tree.map((e) => e.path)).toEqual(['01-infrastructuur-voor-iedereen.md', '03-een-zin.md', 'document.yml']);
    expect(runGit(['--git-dir', dir, 'log', '-1', '--format=%ai|%ci', c.oid]).trim()).toBe(
      '2023-11-15 03:43:25 +0530|2023-11-14 14:13:26 -0800',
    );
    expect(await repo.readFile(c.oid, '03-een-zin.md')).toBe('Ĳsselmeer — “citaat”\n');
    expect(await repo.readFile(c.oid, '02-open-en-transparant.md')).toBeNull();
    expect(await repo.blobOid(c.oid, 'document.yml')).toBe(await repo.blobOid(repo.resolve('1.0').commit.oid, 'document.yml'));
    fsck(dir);
    const reopened = await DocumentRepository.open(dir, 'digitale-stad');
    expect(reopened.getCommit(c.oid)).toEqual(c);
  });
});

describe('resolve', () => {
  it('resolves concept, versions and full or abbreviated oids from the index', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const first = repo.head();
    const [second] = await commitLine(repo, 1);
    expect(repo.resolve('concept')).toEqual({ soort: 'concept', commit: second });
    const v = repo.resolve('1.0');
    expect(v.soort).toBe('versie');
    expect(v.commit).toEqual(first);
    expect(repo.resolve('v1.0')).toEqual(v);
    expect(repo.resolve(first.oid)).toEqual({ soort: 'commit', commit: first });
    expect(repo.resolve(first.oid.slice(0, 7))).toEqual({ soort: 'commit', commit: first });
    expect(repo.resolve(first.oid.slice(0, 12).toUpperCase())).toEqual({ soort: 'commit', commit: first });
    expect(repo.getCommit(second?.oid ?? '')).toEqual(second);
  });

  it('throws NotFound for anything unknown or malformed', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const head = repo.head().oid;
    const bad = [
      '../x', 'main/../..', '1.0/..', '%2e%2e', 'HEAD', 'main', 'refs/heads/main', 'v1.0^', 'concept~1', '1.0\n', 'v1.0\u0000',
      '\u0007', '', ' ', '2.0', 'v9.9', '1', '1.0.0', head.slice(0, 6), `${head}0`, '0'.repeat(40), 'g'.repeat(40),
      `${head.slice(0, 39)}${head[39] === '0' ? '1' : '0'}`, 'Concept', '..', '/', '.', 'a'.repeat(10_000),
    ];
    for (const ref of bad) {
      expect(() => repo.resolve(ref), JSON.stringify(ref)).toThrow(NotFound);
    }
    expect(() => repo.getCommit('0'.repeat(40))).toThrow(NotFound);
    expect(() => repo.getCommit(head.slice(0, 7))).toThrow(NotFound);
    await expectError(repo.readFiles('nope'), NotFound);
  });
});

describe('commit and history', () => {
  it('lists history newest first in pages, with a cursor that survives new commits on top', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const made = await commitLine(repo, 12);
    const expected = [...made].reverse().map((c) => c.oid).concat(repo.resolve('1.0').commit.oid);

    const p1 = await historyPage(repo, { limit: 5 });
    expect(p1.items.map((c) => c.oid)).toEqual(expected.slice(0, 5));
    expect(p1.next).not.toBeNull();

    // A new commit on top does not shift the next page.
    const [newer] = await commitLine(repo, 1, 100);
    const p2 = await historyPage(repo, { limit: 5, cursor: p1.next ?? '' });
    expect(p2.items.map((c) => c.oid)).toEqual(expected.slice(5, 10));
    const p3 = await historyPage(repo, { limit: 5, cursor: p2.next ?? '' });
    expect(p3.items.map((c) => c.oid)).toEqual(expected.slice(10));
    expect(p3.next).toBeNull();

    const fresh = await repo.history({ limit: 2 });
    expect(fresh.items[0]?.oid).toBe(newer?.oid);
    expect((await allHistory(repo)).map((c) => c.oid)).toEqual([newer?.oid, ...expected]);
    const exact = await repo.history({ limit: 14 });
    expect(exact.items).toHaveLength(14);
    expect(exact.next).toBeNull();

    // From a version: only that version's history.
    expect((await repo.history({ ref: '1.0', limit: 10 })).items.map((c) => c.oid)).toEqual([expected[12]]);
  });

  it('rejects bad cursors and limits with InvalidInput naming the parameter', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 4);
    const page = await historyPage(repo, { limit: 2 });
    for (const cursor of ['', 'abc', repo.head().oid, `${page.next ?? ''}x`, (page.next ?? '').replace(/^./, 'Z')]) {
      const e = await expectError(historyPage(repo, { limit: 2, cursor }), InvalidInput);
      expect(e.errors[0]?.name).toBe('cursor');
    }
    // A cursor from the draft's history is not valid for version 1.0's history.
    const e = await expectError(historyPage(repo, { ref: '1.0', limit: 2, cursor: page.next ?? '' }), InvalidInput);
    expect(e.errors[0]?.name).toBe('cursor');
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect((await expectError(repo.history({ limit }), InvalidInput)).errors[0]?.name).toBe('limit');
    }
    await expectError(repo.history({ limit: 2, ref: '../x' }), NotFound);
    expect((await expectError(repo.history({ limit: 2, path: '../etc/passwd' }), InvalidInput)).errors[0]?.name).toBe('path');
  });

  it('filters history by file, page by page', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const made = await commitLine(repo, 12); // every third commit changes 02-...
    await repo.commit({
      branch: 'main',
      parent: repo.head().oid,
      changes: [{ path: '02-open-en-transparant.md', content: null }],
      author: sig(50),
      message: 'Principe 2 geschrapt',
    });
    const deletion = repo.head();
    const root = repo.resolve('1.0').commit;
    const touching2 = [deletion.oid, ...made.filter((_, i) => i % 3 === 2).reverse().map((c) => c.oid), root.oid];
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await historyPage(repo, { limit: 2, path: '02-open-en-transparant.md', ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((c) => c.oid));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    expect(pages.flat()).toEqual(touching2);
    expect(pages.at(-1)).toHaveLength(2); // `next` is null exactly when no further match exists
    expect((await allHistory(repo, { path: 'document.yml' })).map((c) => c.oid)).toEqual([root.oid]);
    expect(await allHistory(repo, { path: 'bestaat-niet.md' })).toEqual([]);
    expect(await repo.blobOid(deletion.oid, '02-open-en-transparant.md')).toBeNull();
  });

  it('refuses a stale parent with StaleHead and leaves the branch alone', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const base = repo.head().oid;
    const [c1] = await commitLine(repo, 1);
    const e = await expectError(
      repo.commit({ branch: 'main', parent: base, changes: [{ path: 'document.yml', content: 'x' }], author: sig(9), message: 'te laat' }),
      StaleHead,
    );
    expect(e.data).toEqual({ expected: base, actual: c1?.oid });
    expect(e.code).toBe('stale_head');
    await expectError(
      repo.commit({ branch: 'main', parent: null, changes: [], author: sig(9), message: 'zonder ouder' }),
      StaleHead,
    );
    expect(repo.head().oid).toBe(c1?.oid);
  });

  it('validates commit input', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const parent = repo.head().oid;
    const ok = { branch: 'main', parent, changes: [{ path: 'document.yml', content: 'x' }], author: sig(1), message: 'ok' };
    const cases: [string, Record<string, unknown>][] = [
      ['changes.0.path', { changes: [{ path: '../x', content: 'x' }] }],
      ['changes.0.path', { changes: [{ path: 'a/b.md', content: 'x' }] }],
      ['changes.0.path', { changes: [{ path: '.git', content: 'x' }] }],
      ['changes.0.path', { changes: [{ path: '.gitmodules', content: 'x' }] }],
      ['changes.1.path', { changes: [{ path: 'a.md', content: 'x' }, { path: 'a.md', content: 'y' }] }],
      ['changes.0.content', { changes: [{ path: 'a.md', content: 42 }] }],
      ['message', { message: '  \n ' }],
      ['author.name', { author: { ...sig(1), name: 'a\nb' } }],
      ['author.email', { author: { ...sig(1), email: 'a>b' } }],
      ['author.timestamp', { author: { ...sig(1), timestamp: -5 } }],
      ['branch', { branch: '../main' }],
      ['branch', { branch: 'amendementen/../main' }],
      ['branch', { branch: 'HEAD' }],
      ['branch', { branch: 'x.lock' }],
      ['branch', { branch: 'a//b' }],
      ['parent', { parent: 'HEAD' }],
    ];
    for (const [name, patch] of cases) {
      const e = await expectError(repo.commit({ ...ok, ...patch } as Parameters<DocumentRepository['commit']>[0]), InvalidInput);
      expect(e.errors[0]?.name, JSON.stringify(patch)).toBe(name);
    }
    expect(repo.head().oid).toBe(parent);
    fsck(dir);
  });

  it('matches `git log --format=%H main` on a linear history of 120 commits', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 120);
    const log = runGit(['--git-dir', dir, 'log', '--format=%H', 'main']).trim().split('\n');
    expect(log).toHaveLength(121);
    expect((await allHistory(repo, { limit: 50 })).map((c) => c.oid)).toEqual(log);
    fsck(dir);
  });
});

describe('versions and branches', () => {
  it('names versions (annotated tags on main), newest first, and refuses duplicates', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const [c1, c2] = await commitLine(repo, 2);
    const v11 = await repo.nameVersion({ naam: '1.1', message: 'Versie 1.1', tagger: sig(20, 'VNG'), commit: c1?.oid });
    expect(v11).toMatchObject({ naam: '1.1', tag: 'v1.1', commit: c1?.oid, tree: c1?.tree, message: 'Versie 1.1' });
    const v20 = await repo.nameVersion({ naam: 'v2.0', message: 'Versie 2.0', tagger: sig(30, 'VNG') });
    expect(v20.commit).toBe(c2?.oid);
    expect(repo.versions().map((v) => v.naam)).toEqual(['2.0', '1.1', '1.0']);
    expect(repo.resolve('2.0').commit.oid).toBe(c2?.oid);

    await expectError(repo.nameVersion({ naam: '1.1', message: 'nog eens', tagger: sig(40) }), Conflict);
    for (const naam of ['1', '01.0', '1.0.1', '../1.0', 'v', '1.x']) {
      expect((await expectError(repo.nameVersion({ naam, message: 'x', tagger: sig(40) }), InvalidInput)).errors[0]?.name).toBe('naam');
    }
    await expectError(repo.nameVersion({ naam: '3.0', message: 'x', tagger: sig(40), commit: '0'.repeat(40) }), NotFound);

    // Only commits on main can become a version.
    const side = await repo.commit({
      branch: 'amendementen/1',
      parent: null,
      base: c1?.oid ?? '',
      changes: [{ path: 'document.yml', content: 'titel: zij\n' }],
      author: sig(41),
      message: 'Amendement 1',
    });
    expect((await expectError(repo.nameVersion({ naam: '3.0', message: 'x', tagger: sig(42), commit: side.oid }), InvalidInput)).errors[0]?.name).toBe('commit');

    const reopened = await DocumentRepository.open(dir, 'digitale-stad');
    expect(reopened.versions()).toEqual(repo.versions());
    expect(runGit(['--git-dir', dir, 'tag', '--list']).trim().split('\n')).toEqual(['v1.0', 'v1.1', 'v2.0']);
    fsck(dir);
  });

  it('creates and advances amendment branches, lists them in natural order, and merges with extra parents', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const base = repo.head();
    const branchTips: Record<string, string> = {};
    for (const n of [1, 2, 10]) {
      const c = await repo.commit({
        branch: `amendementen/${n}`,
        parent: base.oid, // a new branch starts at `parent` when no base is given
        changes: [{ path: '01-infrastructuur-voor-iedereen.md', content: `# Infrastructuur\n\nAmendement ${n}.\n` }],
        author: sig(n),
        message: `Amendement ${n}`,
      });
      expect(c.parents).toEqual([base.oid]);
      branchTips[`amendementen/${n}`] = c.oid;
    }
    expect(repo.branches('amendementen/').map((b) => b.name)).toEqual(['amendementen/1', 'amendementen/2', 'amendementen/10']);
    expect(repo.branches().map((b) => b.name)).toEqual(['amendementen/1', 'amendementen/2', 'amendementen/10', 'main']);
    expect(repo.head().oid).toBe(base.oid); // main untouched

    // Revise amendment 2 (optimistic concurrency applies to branches too).
    const rev = await repo.commit({
      branch: 'amendementen/2',
      parent: branchTips['amendementen/2'] ?? null,
      changes: [{ path: '01-infrastructuur-voor-iedereen.md', content: '# Infrastructuur\n\nAmendement 2, herzien.\n' }],
      author: sig(20),
      message: 'Amendement 2, revisie 2',
    });
    await expectError(
      repo.commit({ branch: 'amendementen/2', parent: branchTips['amendementen/2'] ?? null, changes: [], author: sig(21), message: 'x' }),
      StaleHead,
    );
    // A branch name that collides with an existing one as file/folder.
    await expectError(repo.commit({ branch: 'amendementen', parent: base.oid, changes: [], author: sig(22), message: 'x' }), Conflict);
    await expectError(repo.commit({ branch: 'amendementen/3', parent: null, changes: [], author: sig(22), message: 'x' }), InvalidInput);
    await expectError(repo.commit({ branch: 'amendementen/3', parent: null, base: '1'.repeat(40), changes: [], author: sig(22), message: 'x' }), NotFound);

    // Merge amendment 2 into main: a merge commit whose tree is main's tree plus the changes.
    const merged = await repo.commit({
      branch: 'main',
      parent: base.oid,
      mergeParents: [rev.oid],
      changes: [{ path: '01-infrastructuur-voor-iedereen.md', content: '# Infrastructuur\n\nAmendement 2, herzien.\n' }],
      author: sig(30, 'Secretaris'),
      message: 'Amendement 2 overgenomen\n\nIndiener: Gemeente Tilburg. Besluit: overgenomen.',
    });
    expect(merged.parents).toEqual([base.oid, rev.oid]);
    expect(repo.isAncestor(rev.oid, merged.oid)).toBe(true);
    expect(repo.isAncestor(branchTips['amendementen/1'] ?? '', merged.oid)).toBe(false);
    fsck(dir);

    const history = (await allHistory(repo, { limit: 2 })).map((c) => c.oid);
    expect(history).toEqual([merged.oid, rev.oid, branchTips['amendementen/2'], base.oid]);
    expect(history).toEqual(runGit(['--git-dir', dir, 'log', '--format=%H', 'main']).trim().split('\n'));
    const branchHistory = await repo.history({ ref: rev.oid, limit: 10 });
    expect(branchHistory.items.map((c) => c.oid)).toEqual([rev.oid, branchTips['amendementen/2'], base.oid]);
    // Per-file history is git's: the merge takes the file from the amendment (TREESAME to it), so it is
    // not listed and the walk goes on through the amendment's own commits.
    const fileHistory = (await allHistory(repo, { path: '01-infrastructuur-voor-iedereen.md' })).map((c) => c.oid);
    expect(fileHistory).toEqual([rev.oid, branchTips['amendementen/2'], base.oid]);
    expect(fileHistory).toEqual(runGit(['--git-dir', dir, 'log', '--format=%H', 'main', '--', '01-infrastructuur-voor-iedereen.md']).trim().split('\n'));
    // The draft's own line: the merge stands for the decision.
    expect((await allHistory(repo, { firstParent: true })).map((c) => c.oid)).toEqual([merged.oid, base.oid]);

    const clone = path.join(root, 'clone');
    runGit(['clone', '--quiet', '--mirror', dir, clone]);
    expect(runGit(['--git-dir', clone, 'branch', '--list']).trim().split('\n').map((l) => l.replace(/^[* ]+/, ''))).toEqual([
      'amendementen/1',
      'amendementen/10',
      'amendementen/2',
      'main',
    ]);
  });
});

describe('reopening and robustness', () => {
  it('a second open() rebuilds the same index from disk', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 30);
    const side = await repo.commit({
      branch: 'amendementen/1',
      parent: repo.resolve('1.0').commit.oid,
      changes: [{ path: 'nieuw.md', content: '# Nieuw\n' }],
      author: sig(40),
      message: 'Nieuw principe',
    });
    await repo.commit({ branch: 'main', parent: repo.head().oid, mergeParents: [side.oid], changes: [{ path: 'nieuw.md', content: '# Nieuw\n' }], author: sig(41), message: 'Samengevoegd' });
    await repo.nameVersion({ naam: '2.0', message: 'Versie 2.0', tagger: sig(42) });

    const again = await DocumentRepository.open(dir, 'digitale-stad');
    expect(again.head()).toEqual(repo.head());
    expect(again.versions()).toEqual(repo.versions());
    expect(again.branches()).toEqual(repo.branches());
    expect(await allHistory(again)).toEqual(await allHistory(repo));
    expect(await allHistory(again, { path: 'nieuw.md' })).toEqual(await allHistory(repo, { path: 'nieuw.md' }));
    expect(await again.readFiles(again.head().oid)).toEqual(await repo.readFiles(repo.head().oid));
    // A cursor handed out by the first instance works on the second.
    const page = await historyPage(repo, { limit: 10 });
    expect(await historyPage(again, { limit: 10, cursor: page.next ?? '' })).toEqual(await historyPage(repo, { limit: 10, cursor: page.next ?? '' }));
  });

  it('serialises concurrent commits: exactly one per parent wins, the rest get StaleHead, nothing is lost', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    const parent = repo.head().oid;
    const attempt = (i: number, p: string) =>
      repo.commit({
        branch: 'main',
        parent: p,
        changes: [{ path: `bestand-${i}.md`, content: `inhoud ${i}\n` }],
        author: sig(i),
        message: `Poging ${i}`,
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => attempt(i, parent)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleHead);

    // Twenty writers that each read the head just before committing and retry on StaleHead.
    const landed: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        for (;;) {
          try {
            landed.push((await attempt(100 + i, repo.head().oid)).oid);
            return;
          } catch (e) {
            if (!(e instanceof StaleHead)) throw e;
          }
        }
      }),
    );
    const chain = (await allHistory(repo, { limit: 100 })).map((c) => c.oid);
    expect(chain).toHaveLength(22);
    expect(new Set(chain.slice(0, 20))).toEqual(new Set(landed));
    const files = await repo.readFiles(repo.head().oid);
    for (let i = 0; i < 20; i++) expect(files.get(`bestand-${100 + i}.md`)).toBe(`inhoud ${100 + i}\n`);
    fsck(dir);
    expect(runGit(['--git-dir', dir, 'rev-list', '--count', 'main']).trim()).toBe('22');
    const again = await DocumentRepository.open(dir, 'digitale-stad');
    expect(again.head().oid).toBe(repo.head().oid);
  });

  it('leaves no temporary files behind and clears stale ref locks on open', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 5);
    const leftovers: string[] = [];
    const visit = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) visit(full);
        else if (e.name.startsWith('tmp_obj_') || e.name.endsWith('.lock')) leftovers.push(full);
      }
    };
    visit(dir);
    expect(leftovers).toEqual([]);

    // A crash between writing a ref's lock file and renaming it leaves `<ref>.lock`.
    fs.writeFileSync(path.join(dir, 'refs', 'heads', 'main.lock'), '0'.repeat(40));
    const again = await DocumentRepository.open(dir, 'digitale-stad');
    expect(fs.existsSync(path.join(dir, 'refs', 'heads', 'main.lock'))).toBe(false);
    expect(again.branches().map((b) => b.name)).toEqual(['main']);
  });

  it('still reads and writes after stock `git gc` packed the repository', async () => {
    const repo = await DocumentRepository.init(dir, 'digitale-stad', initialContent());
    await commitLine(repo, 10);
    await repo.nameVersion({ naam: '1.1', message: 'Versie 1.1', tagger: sig(20) });
    for (const n of [1, 2, 3]) {
      await repo.commit({ branch: `amendementen/${n}`, parent: null, base: repo.head().oid, changes: [{ path: 'document.yml', content: `titel: amendement ${n}\n` }], author: sig(20 + n), message: `Amendement ${n}` });
    }
    runGit(['--git-dir', dir, 'gc', '--quiet', '--prune=now']);
    expect(fs.readdirSync(path.join(dir, 'objects', 'pack')).some((f) => f.endsWith('.pack'))).toBe(true);
    // gc packed the refs as well: no loose ref files are left, only packed-refs.
    expect(fs.readFileSync(path.join(dir, 'packed-refs'), 'utf8')).toContain('refs/heads/amendementen/2');
    expect(fs.existsSync(path.join(dir, 'refs', 'heads', 'main'))).toBe(false);

    const packed = await DocumentRepository.open(dir, 'digitale-stad');
    expect(packed.head()).toEqual(repo.head());
    expect(packed.versions()).toEqual(repo.versions());
    expect(packed.branches()).toEqual(repo.branches());
    // A commit after gc writes a loose ref, which wins over the packed one (as in git).
    const tip = packed.branches().find((b) => b.name === 'amendementen/2')?.oid ?? '';
    const moved = await packed.commit({ branch: 'amendementen/2', parent: tip, changes: [{ path: 'document.yml', content: 'titel: herzien\n' }], author: sig(29), message: 'Herzien' });
    const again = await DocumentRepository.open(dir, 'digitale-stad');
    expect(again.branches().find((b) => b.name === 'amendementen/2')?.oid).toBe(moved.oid);
    expect(again.branches().map((b) => `${b.oid} refs/heads/${b.name}`)).toEqual(
      runGit(['--git-dir', dir, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']).trim().split('\n').sort((a, b) => a.slice(41).localeCompare(b.slice(41), 'nl', { numeric: true })),
    );
    expect(await allHistory(packed)).toEqual(await allHistory(repo));
    expect(await packed.readFiles(packed.resolve('1.0').commit.oid)).toEqual(new Map(Object.entries(FILES)));
    const c = await packed.commit({
      branch: 'main',
      parent: packed.head().oid,
      changes: [{ path: 'document.yml', content: 'titel: na gc\n' }],
      author: sig(30),
      message: 'Na gc',
    });
    expect(await packed.readFile(c.oid, 'document.yml')).toBe('titel: na gc\n');
    fsck(dir);
  });
});
