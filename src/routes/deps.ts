/**
 * What the routers are built from (createApp makes it once): the stores, which they only hand to
 * commands and queries; the sign-in limiter; settings; and the long-lived read models and caches of the
 * pages. Also the few facts both the API and the pages need about a request.
 */
import type { Request } from 'express';
import type { SignInLimiter } from '../domain/rateLimiter.js';
import type { EndorsementOverviewPage } from '../presenters/endorsementOverviewPage.js';
import type { Stores } from '../storage/stores.js';

/** Bodies (JSON and forms) are at most 1 MB; beyond that 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AmendmentSettings {
  /** Valid approvals needed before the secretary can merge (default 1). */
  minApprovals: number;
}

/** Outgoing mail, as the pages need it. */
export interface MailSettings {
  /** Where mail goes, for the mail page: the SMTP address without its password, or the folder of .eml files. */
  delivery: string;
  /** Links in mails are built on it (PUBLIC_URL). */
  publicUrl: string;
}

export interface RouteDeps {
  stores: Stores;
  limiter: SignInLimiter;
  amendments: AmendmentSettings;
  /** Public address for links in the adoption document. */
  publicUrl: string;
  /** The endorsements overview with its read model and caches. */
  endorsementOverview: EndorsementOverviewPage;
  mail: MailSettings;
}

/** The client's address as the sign-in limits count it (see TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'onbekend';
}
