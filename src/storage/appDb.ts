/**
 * The typed schema of `<store>/db.json` (lowdb): organisations, accounts, tokens, sessions and the
 * ALV state of named versions.
 * Secrets are stored only as hashes. Everything that grows without bound lives elsewhere
 * (the audit log in audit.jsonl; later collections in their own files).
 */
import path from 'node:path';
import type { OrganisationType, Role } from '../domain/roles.js';
import type { VersionStateRecord } from '../domain/versionStatus.js';
import { JsonDb, type JsonDbOptions } from './jsonDb.js';

export interface OrganisationRecord {
  /** CBS code for municipalities (`GM0363`); for others a code the administrator gives (`PV27`, `BE-ANTWERPEN`, `VNG`). */
  code: string;
  naam: string;
  type: OrganisationType;
  /** Where the record came from, e.g. `CBS gebiedsindeling 2025`. */
  bron?: string;
  aangemaakt: string;
}

export interface UserRecord {
  id: string;
  naam: string;
  /** Lower-cased; unique. */
  email: string;
  rol: Role;
  /** Organisation code; required for `vertegenwoordiger`, optional for `werkgroeplid`. */
  organisatie: string | null;
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (base64). */
  wachtwoordHash: string;
  actief: boolean;
  aangemaakt: string;
  gewijzigd: string;
}

export interface TokenRecord {
  id: string;
  gebruiker: string;
  /** SHA-256 (hex) of the secret token; the token itself is shown once and never stored. */
  hash: string;
  omschrijving: string;
  aangemaakt: string;
  verlooptOp: string;
  ingetrokken: string | null;
}

export interface SessionRecord {
  /** SHA-256 (hex) of the session cookie's value. */
  hash: string;
  gebruiker: string;
  /** The CSRF token bound to this session (random, compared in constant time). */
  csrf: string;
  aangemaakt: string;
  verlooptOp: string;
}

export interface AppData {
  organisaties: OrganisationRecord[];
  gebruikers: UserRecord[];
  tokens: TokenRecord[];
  sessies: SessionRecord[];
  /** Per named version: ALV agenda, decision text and the assembly's decisions (small: one record per version). */
  versies: VersionStateRecord[];
}

export const EMPTY_APP_DATA: AppData = { organisaties: [], gebruikers: [], tokens: [], sessies: [], versies: [] };

export type AppDb = JsonDb<AppData>;

/** The collections db.json has had from its first version; `versies` came later and is filled in when missing. */
const REQUIRED: readonly (keyof AppData)[] = ['organisaties', 'gebruikers', 'tokens', 'sessies'];

export function openAppDb(dataDir: string, opts: Omit<JsonDbOptions<AppData>, 'required'> = {}): Promise<AppDb> {
  return JsonDb.open<AppData>(path.join(dataDir, 'db.json'), EMPTY_APP_DATA, { ...opts, required: REQUIRED });
}
