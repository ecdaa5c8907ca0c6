/**
 * Refs (src/storage/git/refs.ts) against stock git: read as git reads them (packed-refs, then loose
 * refs winning over packed ones, peeled lines and lock files skipped, a symbolic ref resolved), compared
 * with `git for-each-ref`; written through the durable file system and read back by `git rev-parse`;
 * lock files a crash left behind removed at open.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitFs } from '../../src/storage/git/gitFs.js';
import { createRef, readRefs, removeStaleLocks, setRef } from '../../src/storage/git/refs.js';
import { tempDir } from '../helpers/testApp.js';

const root = tempDir('principes-refs-');
const gitdir = path.join(root, 'repo.git');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Tester',
  GIT_AUTHOR_EMAIL: 't@e.invalid',
  GIT_AUTHOR_DATE: '@1700000000 +0100',
  GIT_COMMITTER_NAME: 'Tester',
  GIT_COMMITTER_EMAIL: 't@e.invalid',
  GIT_COMMITTER_DATE: '@1700000000 +0100',
};

function git(...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: ENV }).trim();
}

/** What stock git says the refs under `prefix` point at (symbolic refs resolved), by name without the prefix. */
function gitRefs(prefix: string): Map<string, string> {
  const out = git('for-each-ref', '--format=%(refname) %(objectname)', prefix);
  return new Map(out === '' ? [] : out.split('\n').map((line) => {
    const [ref = '', oid = ''] = line.split(' ');
    return [ref.slice(prefix.length), oid];
  }));
}

const commits: string[] = [];

beforeAll(() => {
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', gitdir], { env: ENV });
  const tree = git('mktree');
  let parent: string[] = [];
  for (let i = 0; i < 4; i++) {
    const oid = git('commit-tree', tree, ...parent, '-m', `Commit ${i}`);
    commits.push(oid);
    parent = ['-p', oid];
  }
});

describe('readRefs', () => {
  it('reads packed-refs once and the loose refs over it, as git for-each-ref does', async () => {
    const [c0, c1, c2, c3] = commits as [string, string, string, string];
    git('update-ref', 'refs/heads/main', c1);
    git('update-ref', 'refs/heads/amendementen/1', c0);
    git('update-ref', 'refs/heads/amendementen/2', c2);
    git('tag', '-a', 'v1.0', '-m', 'Versie 1.0', c0);
    git('tag', 'licht', c1);
    git('pack-refs', '--all'); // everything packed, the annotated tag with its peeled `^` line
    expect(fs.readFileSync(path.join(gitdir, 'packed-refs'), 'utf8')).toMatch(/\n\^[0-9a-f]{40}\n/);
    // Loose refs after packing: one moves a packed branch (the loose one wins), one is new.
    git('update-ref', 'refs/heads/main', c3);
    git('update-ref', 'refs/heads/amendementen/10', c3);
    git('symbolic-ref', 'refs/heads/alias', 'refs/heads/amendementen/2');
    // A lock file a crashed writer left: not a ref.
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'amendementen', '3.lock'), `${c2}\n`);

    const heads = await readRefs(gitdir, 'refs/heads/');
    expect(heads).toEqual(gitRefs('refs/heads/'));
    expect(heads.get('main')).toBe(c3);
    expect(heads.get('alias')).toBe(c2);
    expect(heads.has('amendementen/3.lock')).toBe(false);
    const tags = await readRefs(gitdir, 'refs/tags/');
    expect(tags).toEqual(gitRefs('refs/tags/'));
    expect(tags.get('v1.0')).toBe(git('rev-parse', 'refs/tags/v1.0')); // the tag object, not the peeled commit
    expect(tags.get('licht')).toBe(c1);
  });

  it('has no refs where there are none', async () => {
    const empty = path.join(root, 'leeg.git');
    execFileSync('git', ['init', '--quiet', '--bare', empty], { env: ENV });
    expect(await readRefs(empty, 'refs/heads/')).toEqual(new Map());
  });
});

describe('setRef, createRef and removeStaleLocks', () => {
  it('writes refs stock git reads; createRef never moves an existing ref', async () => {
    const [c0, c1] = commits as [string, string];
    const writer = new GitFs(true);
    await setRef(writer, gitdir, 'refs/heads/nieuw/tak', c0);
    await setRef(writer, gitdir, 'refs/heads/nieuw/tak', c1);
    await writer.flush();
    expect(git('rev-parse', 'refs/heads/nieuw/tak')).toBe(c1);

    expect(await createRef(writer, gitdir, 'refs/tags/v2.0', c0)).toBe(true);
    expect(await createRef(writer, gitdir, 'refs/tags/v2.0', c1)).toBe(false);
    expect(await createRef(writer, gitdir, 'refs/tags/v1.0', c1)).toBe(false); // packed only: exists too
    expect(git('rev-parse', 'refs/tags/v2.0')).toBe(c0);
    expect(fs.readdirSync(path.join(gitdir, 'refs', 'tags')).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('removes the lock files a crash left under refs/ and beside HEAD, packed-refs and config, and nothing else', async () => {
    const locks = ['refs/heads/amendementen/4.lock', 'refs/tags/v3.0.lock', 'HEAD.lock', 'packed-refs.lock', 'config.lock'];
    for (const f of locks) fs.writeFileSync(path.join(gitdir, f), 'x');
    const before = gitRefs('refs/');
    await removeStaleLocks(gitdir);
    for (const f of locks) expect(fs.existsSync(path.join(gitdir, f)), f).toBe(false);
    expect(gitRefs('refs/')).toEqual(before);
    git('fsck', '--strict', '--no-dangling', '--no-progress');
  });
});
