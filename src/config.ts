/**
 * Configuration from the environment, read once at start (src/server.ts). Everything has a default so
 * that `npm ci && npm start` works on a fresh machine. Documented in README.md ("Configuratie").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  /** The live store: git repositories, db files, audit log. */
  dataDir: string;
  /** Seed documents imported on first start (`principles/<slug>/`). */
  seedDir: string;
  /** Trust X-Forwarded-* from a reverse proxy (for Secure cookies and client addresses). */
  trustProxy: boolean;
  /** First start without accounts: the administrator to create (else beheerder@localhost with a generated password). */
  bootstrapAdminEmail: string | undefined;
  bootstrapAdminPassword: string | undefined;
  /** Valid working-group approvals an amendment needs before it can be merged. */
  minApprovals: number;
  /** The service's public address, for links in documents that leave it (the adoption document). */
  publicUrl: string;
  /** READ_ONLY=1: open the store for inspection only (also a damaged one); every write answers 503. */
  readOnly: boolean;
}

export const DEFAULT_PUBLIC_URL = 'https://principes.vng.nl';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data', 'store')),
    seedDir: path.resolve(env.SEED_DIR ?? path.join(PROJECT_ROOT, 'principles')),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    bootstrapAdminEmail: env.BOOTSTRAP_ADMIN_EMAIL || undefined,
    bootstrapAdminPassword: env.BOOTSTRAP_ADMIN_PASSWORD || undefined,
    minApprovals: parseMinApprovals(env.MIN_APPROVALS),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    readOnly: parseFlag('READ_ONLY', env.READ_ONLY),
  };
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new Error(`${name} must be 1 (on) or 0 (off), got "${value}"`);
}

function parsePublicUrl(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_PUBLIC_URL;
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value)) throw new Error(`PUBLIC_URL must be an http(s) address such as https://principes.vng.nl, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function parseMinApprovals(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new Error(`MIN_APPROVALS must be a whole number from 0 to 100, got "${value}"`);
  return n;
}
