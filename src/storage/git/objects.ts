/**
 * The git object format: blobs, trees, commits and annotated tags serialised and parsed byte for byte as
 * git writes them, hashed (SHA-1 over `<type> <size>\0<content>`) and deflated as a loose object file.
 *
 * Why our own: isomorphic-git's writeBlob/writeTree/writeCommit/writeTag hash with WebCrypto and deflate
 * with a CompressionStream on Node 20, about 1 ms of thread-pool round trips per object, which made a
 * 10,000-commit import take minutes. Here the objects are built, hashed and deflated synchronously
 * (microseconds) and written as they are (looseObjects.ts). Every object the service writes is encoded
 * here, so one format rule has one home; `git fsck --strict` and `git cat-file` in the tests check it.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { CommitInfo, Signature } from './types.js';

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface GitObject {
  type: ObjectType;
  content: Buffer;
}

/** An object ready to be written: its oid and its loose-file bytes. */
export interface PreparedObject {
  oid: string;
  type: ObjectType;
  deflated: Buffer;
}

/** A top-level tree entry as we keep it in memory. */
export interface TreeEntry {
  readonly mode: string;
  readonly oid: string;
  readonly type: 'blob' | 'tree' | 'commit';
}
export type TreeEntries = ReadonlyMap<string, TreeEntry>;

/** The annotated tag fields the service writes and reads (tags on commits only). */
export interface TagFields {
  object: string;
  tag: string;
  tagger: Signature;
  message: string;
}

/** A full object id: 40 lowercase hex characters. */
export const FULL_OID = /^[0-9a-f]{40}$/;

export const FILE_MODE = '100644';
const TREE_MODE = '40000';

export function isObjectType(t: string | undefined): t is ObjectType {
  return t === 'blob' || t === 'tree' || t === 'commit' || t === 'tag';
}

/** Hashes and deflates `content` as a git object of `type`. */
export function prepareObject(type: ObjectType, content: Buffer): PreparedObject {
  const wrapped = Buffer.concat([Buffer.from(`${type} ${content.length}\u0000`, 'latin1'), content]);
  return { oid: createHash('sha1').update(wrapped).digest('hex'), type, deflated: deflateSync(wrapped) };
}

/** Inflates and verifies a loose object file (header, size and SHA-1). */
export function decodeLooseObject(oid: string, deflated: Buffer): GitObject {
  const wrapped = inflateSync(deflated);
  const nul = wrapped.indexOf(0);
  const [type, size] = wrapped.subarray(0, Math.max(nul, 0)).toString('latin1').split(' ');
  if (nul < 0 || !isObjectType(type) || Number(size) !== wrapped.length - nul - 1) {
    throw new Error(`Corrupt git object ${oid}: bad header.`);
  }
  if (createHash('sha1').update(wrapped).digest('hex') !== oid) throw new Error(`Corrupt git object ${oid}: checksum mismatch.`);
  return { type, content: wrapped.subarray(nul + 1) };
}

// ---- identities ----

/** As git (and isomorphic-git): offset in minutes with the sign of `Date#getTimezoneOffset` (-120 = +0200). */
function formatTimezone(offset: number): string {
  const minutes = offset === 0 ? offset : -offset; // keeps -0 as "-0000"
  const sign = Math.sign(minutes) || (Object.is(minutes, -0) ? -1 : 1);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign < 0 ? '-' : '+'}${hh}${mm}`;
}

function formatIdent(sig: Signature): string {
  return `${sig.name} <${sig.email}> ${sig.timestamp} ${formatTimezone(sig.timezoneOffset)}`;
}

function parseIdent(value: string): Signature {
  const m = /^(.*) <(.*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (m === null) return Object.freeze({ name: value, email: '', timestamp: 0, timezoneOffset: 0 });
  const minutes = (m[4] === '+' ? 1 : -1) * (Number(m[5]) * 60 + Number(m[6]));
  return Object.freeze({
    name: m[1] as string,
    email: m[2] as string,
    timestamp: Number(m[3]),
    timezoneOffset: minutes === 0 ? minutes : -minutes,
  });
}

/** A message as the service hands it out: without its final newline(s). */
export function messageOf(raw: string): string {
  return raw.replace(/\n+$/, '');
}

/**
 * The header lines (before the first blank line) as [key, value] pairs, and the message after it.
 * Continuation lines of multi-line headers (gpgsig, mergetag) start with a space and are skipped.
 */
function splitHeaders(content: Buffer): { headers: [string, string][]; body: string } {
  const text = content.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const headers: [string, string][] = [];
  for (const line of head.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    headers.push([line.slice(0, sp), line.slice(sp + 1)]);
  }
  return { headers, body: split < 0 ? '' : text.slice(split + 2) };
}

// ---- commits ----

export function freezeCommit(info: CommitInfo): CommitInfo {
  Object.freeze(info.parents);
  Object.freeze(info.author);
  Object.freeze(info.committer);
  return Object.freeze(info);
}

/** `message` without a final newline; git's format ends the object with one. */
export function serializeCommit(c: Omit<CommitInfo, 'oid'>): Buffer {
  let text = `tree ${c.tree}\n`;
  for (const p of c.parents) text += `parent ${p}\n`;
  text += `author ${formatIdent(c.author)}\ncommitter ${formatIdent(c.committer)}\n\n${c.message}\n`;
  return Buffer.from(text, 'utf8');
}

export function parseCommit(oid: string, content: Buffer): CommitInfo {
  const { headers, body } = splitHeaders(content);
  let tree: string | undefined;
  const parents: string[] = [];
  let author: Signature | undefined;
  let committer: Signature | undefined;
  for (const [key, value] of headers) {
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseIdent(value);
    else if (key === 'committer') committer = parseIdent(value);
  }
  if (tree === undefined || !FULL_OID.test(tree) || author === undefined || !parents.every((p) => FULL_OID.test(p))) {
    throw new Error(`Corrupt commit ${oid}.`);
  }
  return freezeCommit({ oid, tree, parents, author, committer: committer ?? author, message: messageOf(body) });
}

// ---- trees ----

function entryType(mode: string): TreeEntry['type'] {
  return mode === TREE_MODE || mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
}

export function parseTree(oid: string, content: Buffer): TreeEntries {
  const entries = new Map<string, TreeEntry>();
  let i = 0;
  while (i < content.length) {
    const sp = content.indexOf(0x20, i);
    const nul = content.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 21 > content.length) throw new Error(`Corrupt tree ${oid}.`);
    const mode = content.subarray(i, sp).toString('latin1');
    const name = content.subarray(sp + 1, nul).toString('utf8');
    const entryOid = content.subarray(nul + 1, nul + 21).toString('hex');
    entries.set(name, Object.freeze({ mode, oid: entryOid, type: entryType(mode) }));
    i = nul + 21;
  }
  return entries;
}

/** git's tree order: by bytes of the name, with `/` appended to folder names. */
export function serializeTree(entries: TreeEntries): Buffer {
  const rows = [...entries].map(([name, e]) => ({
    name: Buffer.from(name, 'utf8'),
    sortKey: Buffer.from(e.type === 'tree' ? `${name}/` : name, 'utf8'),
    mode: e.type === 'tree' ? TREE_MODE : e.mode,
    oid: e.oid,
  }));
  rows.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
  return Buffer.concat(
    rows.flatMap((r) => [Buffer.from(`${r.mode} `, 'latin1'), r.name, Buffer.from([0]), Buffer.from(r.oid, 'hex')]),
  );
}

// ---- annotated tags ----

/** An annotated tag on a commit; `message` without a final newline, as for commits. */
export function serializeTag(t: TagFields): Buffer {
  return Buffer.from(`object ${t.object}\ntype commit\ntag ${t.tag}\ntagger ${formatIdent(t.tagger)}\n\n${t.message}\n`, 'utf8');
}

/**
 * An annotated tag, or null when it is no version of ours: it does not point at a commit, or has no
 * tagger (git's oldest tags). As git reads tags, the first occurrence of a header wins; a PGP signature
 * after the message is not part of it.
 */
export function parseTag(oid: string, content: Buffer): TagFields | null {
  const { headers, body } = splitHeaders(content);
  const first = new Map<string, string>();
  for (const [key, value] of headers) if (!first.has(key)) first.set(key, value);
  const object = first.get('object');
  const tag = first.get('tag');
  const tagger = first.get('tagger');
  if (object === undefined || !FULL_OID.test(object) || tag === undefined) throw new Error(`Corrupt tag ${oid}.`);
  if (first.get('type') !== 'commit' || tagger === undefined) return null;
  const signature = body.lastIndexOf('\n-----BEGIN PGP SIGNATURE-----');
  return { object, tag, tagger: parseIdent(tagger), message: messageOf(signature < 0 ? body : body.slice(0, signature)) };
}
