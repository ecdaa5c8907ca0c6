/**
 * The hash chain of the audit log (pure functions, no I/O). Each entry holds the SHA-256 of the
 * previous entry (`vorigeHash`) and its own `hash` over its canonical JSON without the `hash` field.
 * Anyone with the exported lines can recompute the chain: an altered, removed, reordered or inserted
 * entry breaks it. Used by the audit log store, the API export and the `audit-verify` CLI.
 */
import { createHash } from 'node:crypto';
import { auditEntryProblem } from '../schemas/audit.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  /** User id, or `systeem` for the service itself. */
  id: string;
  naam: string;
  rol?: string;
  organisatie?: string;
}

export interface AuditEntryInput {
  actie: string;
  actor: AuditActor;
  object: { soort: string; id: string };
  gegevens?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  volgnummer: number;
  tijdstip: string;
  vorigeHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export function chainEntry(input: AuditEntryInput, previous: AuditEntry | undefined, now: Date): AuditEntry {
  const base: Omit<AuditEntry, 'hash'> = {
    volgnummer: (previous?.volgnummer ?? 0) + 1,
    tijdstip: now.toISOString(),
    actie: input.actie,
    actor: input.actor,
    object: input.object,
    ...(input.gegevens !== undefined ? { gegevens: input.gegevens } : {}),
    vorigeHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...base, hash: entryHash(base) };
}

/** `shape`: the entry is not an audit entry at all; `chain`: its number, link or hash is wrong. */
export type ChainVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; at: number; reason: string; kind: 'shape' | 'chain' };

/**
 * Verifies a whole chain from its first entry: the shape of each entry (the audit entry schema of
 * src/schemas/audit.ts, the one every reader of the log relies on), numbering, links and hashes.
 */
export function verifyChain(entries: readonly unknown[]): ChainVerdict {
  let previousHash = GENESIS_HASH;
  let expectedNumber = 1;
  for (let i = 0; i < entries.length; i++) {
    const raw = entries[i];
    const problem = auditEntryProblem(raw);
    if (problem !== undefined) return { ok: false, entries: entries.length, at: i + 1, reason: `not an audit entry (${problem})`, kind: 'shape' };
    const e = raw as AuditEntry;
    if (e.volgnummer !== expectedNumber) {
      return { ok: false, entries: entries.length, at: i + 1, reason: `expected sequence number ${expectedNumber}, found ${String(e.volgnummer)}`, kind: 'chain' };
    }
    if (e.vorigeHash !== previousHash) {
      return { ok: false, entries: entries.length, at: i + 1, reason: 'vorigeHash does not match the previous entry (an entry was removed, inserted or altered)', kind: 'chain' };
    }
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) {
      return { ok: false, entries: entries.length, at: i + 1, reason: 'hash does not match the entry (the entry was altered)', kind: 'chain' };
    }
    previousHash = hash;
    expectedNumber += 1;
  }
  return { ok: true, entries: entries.length, head: previousHash };
}

/** Parses JSON lines; a line that is not JSON is reported with its number. */
export function parseJsonLines(text: string): { entries: unknown[]; error?: { line: number; reason: string } } {
  const entries: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line));
    } catch {
      return { entries, error: { line: i + 1, reason: 'not valid JSON' } };
    }
  }
  return { entries };
}

/**
 * A public export of the audit chain for one kind of entry (e.g. the endorsements of a document):
 * the hash links of EVERY entry (`keten`), so the order and completeness of the chain can be checked,
 * plus the full content of only the exported entries (`vermeldingen`), so their hashes can be
 * recomputed. Entries that are not exported (accounts, tokens) show only their hashes.
 */
export interface ChainLink {
  volgnummer: number;
  vorigeHash: string;
  hash: string;
}

export interface AuditExport {
  kop: string | null;
  keten: ChainLink[];
  vermeldingen: AuditEntry[];
}

export function chainLink(entry: AuditEntry): ChainLink {
  return { volgnummer: entry.volgnummer, vorigeHash: entry.vorigeHash, hash: entry.hash };
}

export type ExportVerdict =
  | { ok: true; links: number; entries: number; head: string }
  | { ok: false; reason: string; at?: number };

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Verifies an export: the links form one unbroken chain from the genesis (numbers 1..n, each
 * `vorigeHash` the previous `hash`), `kop` is its last hash, and every full entry recomputes to its own
 * hash and sits in the chain at its number with the same links. With `expectedHead` (a head hash
 * published earlier) the chain must also end there, which catches entries cut off at the end.
 */
export function verifyExport(data: unknown, expectedHead?: string): ExportVerdict {
  if (typeof data !== 'object' || data === null) return { ok: false, reason: 'the export is not a JSON object' };
  const exp = data as Partial<Record<keyof AuditExport, unknown>>;
  if (!Array.isArray(exp.keten)) return { ok: false, reason: 'the export has no "keten" (the list of hash links)' };
  if (!Array.isArray(exp.vermeldingen)) return { ok: false, reason: 'the export has no "vermeldingen" (the full entries)' };
  const links: unknown[] = exp.keten;
  let previous = GENESIS_HASH;
  for (let i = 0; i < links.length; i++) {
    const raw = links[i];
    if (typeof raw !== 'object' || raw === null) return { ok: false, at: i + 1, reason: 'a link is not an object' };
    const link = raw as Partial<ChainLink>;
    if (link.volgnummer !== i + 1) return { ok: false, at: i + 1, reason: `expected sequence number ${i + 1}, found ${String(link.volgnummer)}` };
    if (typeof link.hash !== 'string' || !HEX64.test(link.hash)) return { ok: false, at: i + 1, reason: 'the hash is not 64 hexadecimal characters' };
    if (link.vorigeHash !== previous) {
      return { ok: false, at: i + 1, reason: 'vorigeHash does not match the previous link (an entry was removed, inserted or altered)' };
    }
    previous = link.hash;
  }
  const head = links.length === 0 ? null : previous;
  if (exp.kop !== head) return { ok: false, reason: `"kop" (${String(exp.kop)}) is not the last hash of the chain (${String(head)})` };
  let lastNumber = 0;
  for (const raw of exp.vermeldingen as unknown[]) {
    if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'an entry is not an object' };
    const entry = raw as AuditEntry;
    const n = entry.volgnummer;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > links.length) {
      return { ok: false, reason: `an entry has sequence number ${String(n)}, which is not in the chain` };
    }
    if (n <= lastNumber) return { ok: false, at: n, reason: 'the entries are not in chain order, or one occurs twice' };
    lastNumber = n;
    const link = links[n - 1] as ChainLink;
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) return { ok: false, at: n, reason: 'the entry does not hash to its own hash (the entry was altered)' };
    if (hash !== link.hash || entry.vorigeHash !== link.vorigeHash) {
      return { ok: false, at: n, reason: 'the entry does not match the chain link with its number (it was altered or moved)' };
    }
  }
  if (expectedHead !== undefined && head !== expectedHead) {
    return { ok: false, reason: `the chain is intact but ends at ${String(head)}, not at the expected head ${expectedHead}` };
  }
  return { ok: true, links: links.length, entries: exp.vermeldingen.length, head: head ?? GENESIS_HASH };
}
