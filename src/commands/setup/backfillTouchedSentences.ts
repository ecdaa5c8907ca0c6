/**
 * At start: the open amendments recorded before the touched sentences of a revision were kept
 * (`geraakt`, see domain/amendmentModel.ts) get them now, computed from the texts in git exactly as the
 * verbs compute them when they write a revision. "Raakt ook" then comes from the index alone
 * (domain/amendmentTouchIndex.ts), so the first amendment page after a start costs what any other does.
 * Only derived data is added; nothing else in the record changes (not even `gewijzigd`). A revision
 * whose texts cannot be read is left as it is and reported; the page then still computes it from
 * the texts.
 */
import { touchedSentences } from '../../domain/amendmentChange.js';
import { parseDocumentFiles } from '../../domain/documentModel.js';
import type { Stores } from '../../storage/stores.js';
import { currentRevision } from '../../domain/amendmentModel.js';
import { saveAmendment } from '../amendments/amendmentSupport.js';

export interface BackfillReport {
  /** How many amendments got their touched sentences. */
  recorded: number;
  problems: string[];
}

export async function backfillTouchedSentences(stores: Stores): Promise<BackfillReport> {
  const report: BackfillReport = { recorded: 0, problems: [] };
  for (const repo of stores.documents.list()) {
    for (const record of stores.amendments.openWithoutTouched(repo.slug)) {
      const rev = currentRevision(record);
      let geraakt: { bestand: string; zin: string }[];
      try {
        const [base, tip] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(rev.commit)]);
        geraakt = touchedSentences(parseDocumentFiles(base), parseDocumentFiles(tip));
      } catch (e) {
        report.problems.push(`${repo.slug}: the sentences amendment ${record.nummer} touches could not be computed (${(e as Error).message})`);
        continue;
      }
      await saveAmendment(stores, { ...record, revisies: [...record.revisies.slice(0, -1), { ...rev, geraakt }] });
      report.recorded += 1;
    }
  }
  return report;
}
