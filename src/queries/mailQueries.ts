/**
 * The administrator's view of the outgoing mail (beheerder, `mail:manage`; private: it names
 * recipients): counts per state, the failed and the waiting messages, and the most recently sent.
 */
import type { MailRecord, MailStatus } from '../domain/mailState.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { authorize } from '../policies/policies.js';
import type { Stores } from '../storage/stores.js';

/** How many sent messages the page lists (the newest). */
export const RECENTLY_SENT = 20;

export interface MailOverview {
  counts: Record<MailStatus, number>;
  /** Failed for good, newest change first: these need the administrator. */
  failed: MailRecord[];
  /** Waiting, next attempt first. */
  waiting: MailRecord[];
  /** The newest sent messages, newest first. */
  sent: MailRecord[];
}

export function mailOverview(stores: Stores, user: CurrentUser | null): MailOverview {
  authorize(user, 'mail:manage');
  const all = stores.mail.all();
  const newestFirst = (a: string | null, b: string | null) => (b ?? '').localeCompare(a ?? '');
  return {
    counts: stores.mail.counts(),
    failed: all.filter((r) => r.status === 'mislukt').sort((a, b) => newestFirst(a.gewijzigd, b.gewijzigd)),
    waiting: all.filter((r) => r.status === 'wachtend').sort((a, b) => (a.volgendePoging ?? '').localeCompare(b.volgendePoging ?? '')),
    sent: all
      .filter((r) => r.status === 'verzonden')
      .sort((a, b) => newestFirst(a.verzonden, b.verzonden))
      .slice(0, RECENTLY_SENT),
  };
}
