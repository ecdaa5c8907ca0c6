/**
 * Configuration from the environment, read once at start (src/server.ts). Everything has a default so
 * that `npm ci && npm start` works on a fresh machine. Documented in README.md ("Configuratie").
 */
import { isIP } from 'node:net';
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
  /** Which reverse proxies' X-Forwarded-* to trust (for Secure cookies and client addresses); see TrustProxy. */
  trustProxy: TrustProxy;
  /** First start without accounts: the administrator to create (else beheerder@localhost with a generated password). */
  bootstrapAdminEmail: string | undefined;
  bootstrapAdminPassword: string | undefined;
  /** Valid working-group approvals an amendment needs before it can be merged. */
  minApprovals: number;
  /** The service's public address, for links in documents that leave it (the adoption document). */
  publicUrl: string;
  /** READ_ONLY=1: open the store for inspection only (also a damaged one); every write answers 503. */
  readOnly: boolean;
  /** How outgoing mail leaves: over SMTP (SMTP_URL), or as .eml files in the data folder (the default). */
  mail: MailConfig;
}

/**
 * Outgoing mail. `smtp` is null without SMTP_URL: then every message is written as an .eml file to
 * `<DATA_DIR>/uitgaande-mail/`. The SMTP password is kept only in `smtp.url` and never printed:
 * `smtp.description` is the address without it, for logs and the mail page.
 */
export interface MailConfig {
  smtp: { url: string; description: string; password: string | null } | null;
  /** The sender, `Naam <adres>` or an address (MAIL_FROM). */
  from: string;
}

/**
 * The proxies whose `X-Forwarded-For`/`-Proto` the service believes, as express's `trust proxy` takes
 * them: `false` (none: the client is the socket's peer), a hop count (that many proxies in front: the
 * client address is the entry that many places from the right, counting the peer), or the proxies'
 * addresses and subnets (`loopback`, `10.0.0.1`, `10.0.0.0/8`; the client is the right-most entry not
 * among them). Never "trust all": a client writes the left part of `X-Forwarded-For` itself.
 */
export type TrustProxy = false | number | string[];

export const DEFAULT_PUBLIC_URL = 'https://principes.vng.nl';
/** The sender in file mode when MAIL_FROM is not set (with SMTP_URL, MAIL_FROM is required). */
export const DEFAULT_MAIL_FROM = 'Principes voor de digitale stad <noreply@localhost>';

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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    bootstrapAdminEmail: env.BOOTSTRAP_ADMIN_EMAIL || undefined,
    bootstrapAdminPassword: env.BOOTSTRAP_ADMIN_PASSWORD || undefined,
    minApprovals: parseMinApprovals(env.MIN_APPROVALS),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    readOnly: parseFlag('READ_ONLY', env.READ_ONLY),
    mail: parseMailConfig(env.SMTP_URL, env.MAIL_FROM),
  };
}

/**
 * SMTP_URL and MAIL_FROM. A mistake in SMTP_URL is reported without the URL itself (it may hold the
 * password). With SMTP_URL, MAIL_FROM must be set: a mail server would refuse, or a spam filter drop,
 * mail from the placeholder sender.
 */
export function parseMailConfig(smtpUrl: string | undefined, mailFrom: string | undefined): MailConfig {
  const from = mailFrom === undefined || mailFrom.trim() === '' ? undefined : mailFrom.trim();
  if (from !== undefined && !isMailbox(from)) {
    throw new Error(`MAIL_FROM must be an e-mail address, optionally with a name, such as "Principes digitale stad <noreply@principes.vng.nl>", got "${from}"`);
  }
  if (smtpUrl === undefined || smtpUrl.trim() === '') return { smtp: null, from: from ?? DEFAULT_MAIL_FROM };
  const help = 'SMTP_URL must look like smtp://user:password@mail.example.nl:587 or smtps://user:password@mail.example.nl:465 (the value is not repeated here, since it may hold a password)';
  let url: URL;
  try {
    url = new URL(smtpUrl.trim());
  } catch {
    throw new Error(help);
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '' || url.pathname.replace(/^\/+/, '') !== '') throw new Error(help);
  if (from === undefined) throw new Error('MAIL_FROM must be set when SMTP_URL is: the sender address, such as "Principes digitale stad <noreply@principes.vng.nl>"');
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  const shown = new URL(url.href);
  shown.password = '';
  return { smtp: { url: url.href, description: shown.href.replace(/\/$/, ''), password }, from };
}

/** `adres` or `Naam <adres>`, on one line. */
function isMailbox(value: string): boolean {
  const address = /^[^\s@<>"]+@[^\s@<>"]+$/;
  const m = /^(.*)<([^<>]+)>$/.exec(value);
  if (/[\u0000-\u001f\u007f]/.test(value)) return false;
  return m === null ? address.test(value) : address.test((m[2] ?? '').trim());
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

const TRUST_PROXY_HELP =
  'Give the number of reverse proxies in front of the service (e.g. 1), or their addresses or subnets, comma-separated (e.g. "loopback, 10.0.0.1, 192.168.0.0/16")';
const ADDRESS_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === 'true') {
    throw new Error(`TRUST_PROXY=true would trust every X-Forwarded-For entry, and clients can write those themselves. ${TRUST_PROXY_HELP}.`);
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error(`TRUST_PROXY: ${hops} proxies is not plausible. ${TRUST_PROXY_HELP}.`);
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!isProxyAddress(entry)) throw new Error(`TRUST_PROXY: "${entry}" is not an address, a subnet or loopback/linklocal/uniquelocal. ${TRUST_PROXY_HELP}.`);
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (ADDRESS_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
