/**
 * The hash chain of the audit log (pure functions, no I/O). Each entry holds the SHA-256 of the
 * previous entry (`vorigeHash`) and its own `hash` over its canonical JSON without the `hash` field.
 * Anyone with the exported lines can recompute the chain: an altered, removed, reordered or inserted
 * entry breaks it. Used by the audit log store, the API export and the `audit-verify` CLI.
 */
import { createHash } from 'node:crypto';

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

export type ChainVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; at: number; reason: string };

/** Verifies a whole chain from its first entry: numbering, links and hashes. */
export function verifyChain(entries: readonly unknown[]): ChainVerdict {
  let previousHash = GENESIS_HASH;
  let expectedNumber = 1;
  for (let i = 0; i < entries.length; i++) {
    const raw = entries[i];
    if (typeof raw !== 'object' || raw === null) return { ok: false, entries: entries.length, at: i + 1, reason: 'not an object' };
    const e = raw as AuditEntry;
    if (e.volgnummer !== expectedNumber) {
      return { ok: false, entries: entries.length, at: i + 1, reason: `expected sequence number ${expectedNumber}, found ${String(e.volgnummer)}` };
    }
    if (e.vorigeHash !== previousHash) {
      return { ok: false, entries: entries.length, at: i + 1, reason: 'vorigeHash does not match the previous entry (an entry was removed, inserted or altered)' };
    }
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) {
      return { ok: false, entries: entries.length, at: i + 1, reason: 'hash does not match the entry (the entry was altered)' };
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
