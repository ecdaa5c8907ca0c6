/** The mail page's rows: Dutch labels and times (Europe/Amsterdam), the fields a row shows. */
import type { MailRecord, MailStatus } from '../domain/mailState.js';
import type { MailOverview } from '../queries/mailQueries.js';
import { formatMoment } from './adoption/text.js';

export const MAIL_STATUS_LABEL: Readonly<Record<MailStatus, string>> = { wachtend: 'Wachtend', verzonden: 'Verzonden', mislukt: 'Mislukt' };

export interface MailRow {
  id: string;
  aan: string;
  onderwerp: string;
  soort: string;
  pogingen: number;
  laatsteFout: string | null;
  /** When the next attempt is due (waiting), sent, or failed for good: one time per row, in words. */
  moment: string;
  bezig: boolean;
}

function row(r: MailRecord, at: string | null): MailRow {
  return {
    id: r.id,
    aan: r.aan.naam === null ? r.aan.email : `${r.aan.naam} <${r.aan.email}>`,
    onderwerp: r.onderwerp,
    soort: r.soort,
    pogingen: r.pogingen,
    laatsteFout: r.laatsteFout,
    moment: at === null ? '' : formatMoment(at),
    bezig: r.bezigSinds !== null,
  };
}

export function presentMailOverview(o: MailOverview) {
  return {
    counts: (Object.keys(MAIL_STATUS_LABEL) as MailStatus[]).map((s) => ({ status: s, label: MAIL_STATUS_LABEL[s], aantal: o.counts[s] })),
    failed: o.failed.map((r) => row(r, r.gewijzigd)),
    waiting: o.waiting.map((r) => row(r, r.volgendePoging)),
    sent: o.sent.map((r) => row(r, r.verzonden)),
  };
}
