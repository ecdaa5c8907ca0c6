/**
 * The git object format (src/storage/git/objects.ts) and the object files (looseObjects.ts), checked
 * against stock git both ways: objects we encode are the objects git makes from the same input (same
 * oids), git reads them back as we meant them (`git cat-file`), and objects git wrote parse into the same
 * fields. Also: a damaged loose file is refused, packed objects are read after `git gc`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitFs } from '../../src/storage/git/gitFs.js';
import { ObjectStore } from '../../src/storage/git/looseObjects.js';
import {
  decodeLooseObject,
  parseCommit,
  parseTag,
  parseTree,
  prepareObject,
  serializeCommit,
  serializeTag,
  serializeTree,
  type TreeEntry,
} from '../../src/storage/git/objects.js';
import type { Signature } from '../../src/storage/git/types.js';
import { tempDir } from '../helpers/testApp.js';

const root = tempDir('principes-objects-');
const gitdir = path.join(root, 'repo.git');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const CLEAN_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };

/** Runs stock git in the bare repository without any user or system configuration. */
function git(args: string[], input?: string, env: Record<string, string> = {}): string {
  return execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], env: { ...CLEAN_ENV, ...env } });
}

/** The environment that makes git sign as `sig` (author and committer, which is also a tag's tagger). */
function identity(sig: Signature): Record<string, string> {
  // As isomorphic-git: the sign of Date#getTimezoneOffset, so -60 is +0100 and -0 is git's "-0000".
  const sign = sig.timezoneOffset > 0 || Object.is(sig.timezoneOffset, -0) ? '-' : '+';
  const abs = Math.abs(sig.timezoneOffset);
  const tz = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  const date = `@${sig.timestamp} ${tz}`;
  return {
    GIT_AUTHOR_NAME: sig.name,
    GIT_AUTHOR_EMAIL: sig.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: sig.name,
    GIT_COMMITTER_EMAIL: sig.email,
    GIT_COMMITTER_DATE: date,
  };
}

const T0 = 1_700_000_000;
const amsterdam: Signature = { name: 'Ada Tester (VNG)', email: 'gbr_1@gebruikers.principes.invalid', timestamp: T0, timezoneOffset: -60 };
const mumbai: Signature = { name: 'Bo Ŝtrand (Gemeente Utrecht)', email: 'gbr_2@gebruikers.principes.invalid', timestamp: T0 + 3600, timezoneOffset: -330 };
const utc: Signature = { name: 'Cas', email: '', timestamp: T0 + 7200, timezoneOffset: 0 };
/** `-0000` ("UTC, but not known to be"): git writes `+0000` for it itself, but reads and keeps it. */
const utcMinus: Signature = { ...utc, name: 'Cor', timezoneOffset: -0 };
const newYork: Signature = { name: 'Dee', email: 'd@e.invalid', timestamp: T0 + 9000, timezoneOffset: 300 };

let objects: ObjectStore;

beforeAll(() => {
  execFileSync('git', ['init', '--quiet', '--bare', gitdir], { env: CLEAN_ENV });
  objects = new ObjectStore(gitdir, new GitFs(true));
});

async function writeAll(...prepared: ReturnType<typeof prepareObject>[]): Promise<void> {
  await objects.write(prepared);
}

describe('blobs and trees', () => {
  it('encodes blobs and trees exactly as git hash-object and git mktree do', async () => {
    const texts = { 'document.yml': 'titel: x\n', '01-één.md': '# Één\n\nZin met ü en €.\n', 'leeg.md': '' };
    const blobs = Object.entries(texts).map(([name, text]) => ({ name, obj: prepareObject('blob', Buffer.from(text, 'utf8')) }));
    for (const { name, obj } of blobs) {
      expect(obj.oid).toBe(git(['hash-object', '--stdin'], texts[name as keyof typeof texts]).trim());
    }
    await writeAll(...blobs.map((b) => b.obj));

    // A subfolder entry sorts as `name/`: `a.md` (0x2e) before folder `a` (`a/`, 0x2f), `a-b` (0x2d) first.
    const sub = prepareObject('tree', serializeTree(new Map([['x.md', { mode: '100644', oid: blobs[0]!.obj.oid, type: 'blob' }]])));
    const entries = new Map<string, TreeEntry>([
      ...blobs.map((b): [string, TreeEntry] => [b.name, { mode: '100644', oid: b.obj.oid, type: 'blob' }]),
      ['a', { mode: '40000', oid: sub.oid, type: 'tree' }],
      ['a.md', { mode: '100644', oid: blobs[1]!.obj.oid, type: 'blob' }],
      ['a-b', { mode: '100644', oid: blobs[2]!.obj.oid, type: 'blob' }],
    ]);
    const tree = prepareObject('tree', serializeTree(entries));
    await writeAll(sub, tree);
    const mktreeInput = [...entries].map(([name, e]) => `${e.mode === '40000' ? '040000' : e.mode} ${e.type} ${e.oid}\t${name}\n`).join('');
    expect(tree.oid).toBe(git(['mktree'], mktreeInput).trim());
    expect(git(['ls-tree', '-z', '--name-only', tree.oid]).split('\0').filter((n) => n !== '')).toEqual(['01-één.md', 'a-b', 'a.md', 'a', 'document.yml', 'leeg.md']);

    // Read back through the object files: the same entries (a folder keeps its type).
    const read = await objects.read(tree.oid);
    expect(read.type).toBe('tree');
    expect(parseTree(tree.oid, read.content)).toEqual(new Map([...entries].map(([n, e]) => [n, e.type === 'tree' ? { ...e, mode: '40000' } : e])));
    expect((await objects.read(blobs[1]!.obj.oid)).content.toString('utf8')).toBe(texts['01-één.md']);
  });
});

describe('commits', () => {
  it('encodes a commit (signatures in every timezone, a merge) with the oid git commit-tree gives the same input', async () => {
    const blob = prepareObject('blob', Buffer.from('tekst\n', 'utf8'));
    const tree = prepareObject('tree', serializeTree(new Map([['01-a.md', { mode: '100644', oid: blob.oid, type: 'blob' }]])));
    await writeAll(blob, tree);
    let parents: string[] = [];
    const made: string[] = [];
    for (const sig of [amsterdam, mumbai, utc, newYork]) {
      const message = `Wijziging door ${sig.name}\n\nMet een toelichting.`;
      const ours = prepareObject('commit', serializeCommit({ tree: tree.oid, parents, author: sig, committer: sig, message }));
      const theirs = git(['commit-tree', tree.oid, ...parents.flatMap((p) => ['-p', p]), '-m', message], undefined, identity(sig)).trim();
      expect(ours.oid, sig.name).toBe(theirs);
      await writeAll(ours);
      expect(parseCommit(theirs, (await objects.read(theirs)).content)).toEqual({ oid: theirs, tree: tree.oid, parents, author: sig, committer: sig, message });
      made.push(ours.oid);
      parents = [ours.oid];
    }
    // A merge: two parents, in order.
    const merge = prepareObject('commit', serializeCommit({ tree: tree.oid, parents: [made[3]!, made[1]!], author: amsterdam, committer: mumbai, message: 'Samengevoegd' }));
    await writeAll(merge);
    expect(git(['rev-list', '--parents', '-n', '1', merge.oid]).trim()).toBe(`${merge.oid} ${made[3]} ${made[1]}`);
    expect(git(['log', '-1', '--format=%an|%ae|%at|%ai|%cn|%ce|%ct|%ci|%B', merge.oid]).trim()).toBe(
      `${amsterdam.name}|${amsterdam.email}|${T0}|2023-11-14 23:13:20 +0100|${mumbai.name}|${mumbai.email}|${T0 + 3600}|2023-11-15 04:43:20 +0530|Samengevoegd`,
    );
    git(['fsck', '--strict', '--no-dangling', '--no-progress']);
  });

  it('keeps a -0000 timezone through writing, git and reading back', async () => {
    const tree = prepareObject('tree', Buffer.alloc(0));
    const ours = prepareObject('commit', serializeCommit({ tree: tree.oid, parents: [], author: utcMinus, committer: utc, message: 'Nul' }));
    await writeAll(tree, ours);
    const text = git(['cat-file', '-p', ours.oid]);
    expect(text).toContain(`author Cor <> ${T0 + 7200} -0000\n`);
    expect(text).toContain(`committer Cas <> ${T0 + 7200} +0000\n`);
    const parsed = parseCommit(ours.oid, (await objects.read(ours.oid)).content);
    expect(Object.is(parsed.author.timezoneOffset, -0)).toBe(true);
    expect(Object.is(parsed.committer.timezoneOffset, 0)).toBe(true);
    const tag = prepareObject('tag', serializeTag({ object: ours.oid, tag: 'v9.0', tagger: utcMinus, message: 'Nul' }));
    await writeAll(tag);
    expect(git(['cat-file', '-p', tag.oid])).toContain(`tagger Cor <> ${T0 + 7200} -0000\n`);
    expect(Object.is(parseTag(tag.oid, (await objects.read(tag.oid)).content)?.tagger.timezoneOffset, -0)).toBe(true);
    git(['fsck', '--strict', '--no-dangling', '--no-progress']);
  });
});

describe('annotated tags', () => {
  it('encodes a tag as git tag -a writes it, and parses tags git wrote', async () => {
    const blob = prepareObject('blob', Buffer.from('versie\n', 'utf8'));
    const tree = prepareObject('tree', serializeTree(new Map([['01-a.md', { mode: '100644', oid: blob.oid, type: 'blob' }]])));
    const commit = prepareObject('commit', serializeCommit({ tree: tree.oid, parents: [], author: amsterdam, committer: amsterdam, message: 'Basis' }));
    await writeAll(blob, tree, commit);
    for (const [i, tagger] of [amsterdam, mumbai, utc, newYork].entries()) {
      const tag = `v1.${i}`;
      const message = `Versie 1.${i}: vastgesteld door de ALV`;
      git(['tag', '-a', tag, '-m', message, commit.oid], undefined, identity(tagger));
      const theirs = git(['rev-parse', `refs/tags/${tag}`]).trim();
      const ours = prepareObject('tag', serializeTag({ object: commit.oid, tag, tagger, message }));
      expect(ours.oid, tag).toBe(theirs);
      expect(parseTag(theirs, (await objects.read(theirs)).content)).toEqual({ object: commit.oid, tag, tagger, message });
    }
    // A tag on a tree is no version: parsed as null. A tag without `object` is damaged.
    const onTree = git(['mktag'], `object ${tree.oid}\ntype tree\ntag boom\ntagger Cas <> ${T0} +0000\n\nBoom\n`).trim();
    expect(parseTag(onTree, (await objects.read(onTree)).content)).toBeNull();
    expect(() => parseTag('0'.repeat(40), Buffer.from('type commit\ntag x\n\nx\n'))).toThrow(/Corrupt tag/);
  });
});

describe('object files', () => {
  it('refuses a loose object whose bytes do not match its oid, or whose header is wrong', () => {
    const blob = prepareObject('blob', Buffer.from('origineel\n', 'utf8'));
    const other = prepareObject('blob', Buffer.from('vervalst\n', 'utf8'));
    expect(decodeLooseObject(blob.oid, blob.deflated).content.toString('utf8')).toBe('origineel\n');
    expect(() => decodeLooseObject(blob.oid, other.deflated)).toThrow(/checksum mismatch/);
    // The header says 5 bytes, the content has 3.
    expect(() => decodeLooseObject(blob.oid, deflateSync(Buffer.from('blob 5\u0000abc', 'latin1')))).toThrow(/bad header/);
  });

  it('reads packed objects after git gc, and check() tells a present object from a missing one', async () => {
    const blob = prepareObject('blob', Buffer.from('wordt ingepakt\n', 'utf8'));
    const tree = prepareObject('tree', serializeTree(new Map([['a.md', { mode: '100644', oid: blob.oid, type: 'blob' }]])));
    const commit = prepareObject('commit', serializeCommit({ tree: tree.oid, parents: [], author: newYork, committer: newYork, message: 'Ingepakt' }));
    await writeAll(blob, tree, commit);
    git(['update-ref', 'refs/heads/main', commit.oid]);
    git(['gc', '--quiet', '--prune=now']);
    expect(fs.existsSync(path.join(gitdir, 'objects', blob.oid.slice(0, 2), blob.oid.slice(2)))).toBe(false);

    const fresh = new ObjectStore(gitdir, new GitFs(true));
    expect((await fresh.read(blob.oid)).content.toString('utf8')).toBe('wordt ingepakt\n');
    expect(parseCommit(commit.oid, (await fresh.readAtOpen(commit.oid)).content).message).toBe('Ingepakt');
    await expect(fresh.check(tree.oid)).resolves.toBeUndefined();
    await expect(fresh.check('0'.repeat(40))).rejects.toThrow();
  });
});
