/**
 * What the repository accepts as names and input, checked before anything touches the disk: document
 * slugs, file names, branch names, version names, oids, signatures, messages and file changes. Stricter
 * than git itself, so nothing the service writes can make `git fsck --strict` complain or name a path
 * outside the repository. Failures are InvalidInput naming the field, with a Dutch reason.
 */
import { InvalidInput } from '../../errors.js';
import { FULL_OID } from './objects.js';
import type { FileChange, Signature } from './types.js';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 100;
/** A full or abbreviated commit oid as a client may write it. */
export const ABBREVIATED_OID = /^[0-9a-fA-F]{7,40}$/;
/** How a client may name a version: `1.0` or `v1.0`. */
export const VERSION_REF = /^v?(\d+)\.(\d+)$/;
/** Canonical version names for new tags: no leading zeros, so `1.0` and `01.0` cannot both exist. */
const VERSION_NAME = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
/**
 * Top-level file names we write: start with a letter or digit (so never `.`, `..`, `.git*`, or a name
 * git fsck would flag), then letters, digits, `.`, `_`, `-`. Documents only need `document.yml` and `NN-slug.md`.
 */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const BRANCH_COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const MAX_TIMESTAMP = 253402300799; // 9999-12-31T23:59:59Z

export function invalid(name: string, reason: string, detail = 'De opgegeven gegevens zijn ongeldig.'): InvalidInput {
  return new InvalidInput(detail, [{ name, reason }]);
}

export function isValidSlug(slug: unknown): slug is string {
  return typeof slug === 'string' && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

export function isValidFileName(name: unknown): name is string {
  return typeof name === 'string' && FILE_NAME.test(name);
}

/** Branch names we accept: `main`, or `/`-separated components like `amendementen/3` (git ref rules, stricter). */
export function isValidBranchName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return false;
  if (name === 'HEAD') return false;
  return name
    .split('/')
    .every((c) => BRANCH_COMPONENT.test(c) && !c.toLowerCase().endsWith('.lock'));
}

export function checkSignature(sig: unknown, field: string): Signature {
  if (typeof sig !== 'object' || sig === null) throw invalid(field, 'Ontbreekt.');
  const s = sig as Partial<Record<keyof Signature, unknown>>;
  const name = typeof s.name === 'string' ? s.name.trim() : '';
  // git identities cannot contain angle brackets or line breaks; fsck also wants a non-empty name.
  if (name.length === 0 || name.length > 200 || /[<>\u0000-\u001f\u007f]/.test(name)) {
    throw invalid(`${field}.name`, 'Een naam is verplicht en mag geen <, > of regeleinden bevatten.');
  }
  const email = typeof s.email === 'string' ? s.email.trim() : '';
  if (email.length > 254 || /[<>\s\u0000-\u001f\u007f]/.test(email)) {
    throw invalid(`${field}.email`, 'Een e-mailadres mag geen <, > of witruimte bevatten.');
  }
  const { timestamp, timezoneOffset } = s;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw invalid(`${field}.timestamp`, 'Moet een geheel aantal seconden sinds 1970 zijn.');
  }
  if (typeof timezoneOffset !== 'number' || !Number.isInteger(timezoneOffset) || Math.abs(timezoneOffset) > 1440) {
    throw invalid(`${field}.timezoneOffset`, 'Moet een geheel aantal minuten tussen -1440 en 1440 zijn.');
  }
  return Object.freeze({ name, email, timestamp, timezoneOffset });
}

/** Normalises like git's message cleanup: LF line ends, no trailing spaces, no leading or trailing blank lines. */
export function checkMessage(message: unknown, field: string): string {
  if (typeof message !== 'string') throw invalid(field, 'Ontbreekt.');
  const text = message
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
  if (text.length === 0) throw invalid(field, 'Mag niet leeg zijn.');
  if (text.includes('\u0000')) throw invalid(field, 'Mag geen NUL-tekens bevatten.');
  return text;
}

export function checkOid(oid: unknown, field: string): string {
  if (typeof oid !== 'string' || !FULL_OID.test(oid)) throw invalid(field, 'Moet een volledige commit-id (40 hex-tekens) zijn.');
  return oid;
}

export function checkChanges(changes: unknown): FileChange[] {
  if (!Array.isArray(changes)) throw invalid('changes', 'Moet een lijst zijn.');
  const seen = new Set<string>();
  return changes.map((raw: unknown, i) => {
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof FileChange, unknown>>;
    if (!isValidFileName(c.path)) throw invalid(`changes.${i}.path`, 'Ongeldige bestandsnaam.');
    if (seen.has(c.path)) throw invalid(`changes.${i}.path`, 'Dit bestand komt meer dan eens voor.');
    seen.add(c.path);
    if (c.content !== null && typeof c.content !== 'string') throw invalid(`changes.${i}.content`, 'Moet tekst of null zijn.');
    return { path: c.path, content: c.content };
  });
}

/** A new version's name (`1.0`; a leading `v` is dropped). */
function checkVersionName(naam: unknown): string {
  const raw = typeof naam === 'string' && naam.startsWith('v') ? naam.slice(1) : naam;
  if (typeof raw !== 'string' || !VERSION_NAME.test(raw)) {
    throw invalid('naam', 'Een versienaam is <hoofdnummer>.<subnummer>, bijvoorbeeld 1.0.');
  }
  return raw;
}

/**
 * A new version: its name, and the tag's message and tagger (their fields named with `prefix`, e.g.
 * `version.` inside a new document's content).
 */
export function checkVersion(v: Partial<Record<'naam' | 'message' | 'tagger', unknown>>, prefix = ''): { naam: string; message: string; tagger: Signature } {
  const naam = checkVersionName(v.naam);
  const message = checkMessage(v.message, `${prefix}message`);
  const tagger = checkSignature(v.tagger, `${prefix}tagger`);
  return { naam, message, tagger };
}
