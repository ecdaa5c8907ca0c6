/**
 * Start-up work on an opened store (openStores has already refused a damaged one).
 *
 * First start: import the seed documents, seed the register of organisations, create the bootstrap
 * administrator and seed the endorsements of version 1.0 from the VNG letter, then record
 * `opslag-ingericht` in the audit log. That entry ends the first start for good: later starts never
 * seed or create an administrator again, whatever the files hold (a store that lost its accounts must
 * be restored, not silently given a fresh administrator). A first start that was interrupted before
 * the entry is simply run again; each step adds only what is missing.
 *
 * Every start: reconcile what a crash between the steps of one write left half-done (git first, then
 * the metadata, then the audit log): amendment branches without a record, merges on main of open
 * amendments, version tags and records without their audit entries, endorsements without theirs; and
 * record the touched sentences of open amendments written before those were kept ("raakt ook").
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import { STORE_INITIALISED, storeInitialised } from '../../domain/auditEvents.js';
import type { Stores } from '../../storage/stores.js';
import { importSeedDocuments } from '../documents/importSeedDocuments.js';
import { seedOrganisations } from '../organisations/seedOrganisations.js';
import { bootstrapAdmin } from '../users/bootstrapAdmin.js';
import { reconcileEndorsements } from '../endorsements/reconcileEndorsements.js';
import { seedEndorsements } from '../endorsements/seedEndorsements.js';
import { backfillTouchedSentences } from './backfillTouchedSentences.js';
import { reconcileAmendments } from './reconcileAmendments.js';
import { reconcileDecisions } from './reconcileDecisions.js';
import { reconcileVersions } from './reconcileVersions.js';

export interface InitialiseOptions {
  seedDir: string;
  referenceDir?: string;
  bootstrapEmail?: string | undefined;
  bootstrapPassword?: string | undefined;
  /** Where messages for the operator go (the generated password is printed here, once). */
  log: (line: string) => void;
}

export async function initialiseStore(stores: Stores, opts: InitialiseOptions): Promise<void> {
  if (stores.readOnly) throw new Error('initialiseStore writes: it cannot run on a store opened read-only');
  const firstStart = !stores.audit.entries().some((e) => e.actie === STORE_INITIALISED);
  if (firstStart) {
    const seeded = await importSeedDocuments(stores.documents, opts.seedDir);
    for (const slug of seeded.created) {
      opts.log(`Imported document "${slug}" from ${path.join(opts.seedDir, slug)} as version 1.0`);
    }
    const orgs = await seedOrganisations(stores, opts.referenceDir ?? path.join(PROJECT_ROOT, 'data', 'reference'));
    if (orgs.created > 0) opts.log(`Seeded ${orgs.created} organisations into the register`);
    await bootstrapAdmin(stores, { email: opts.bootstrapEmail, password: opts.bootstrapPassword, log: opts.log });
    const endorsements = await seedEndorsements(stores);
    if (endorsements.created.length > 0) opts.log(`Seeded ${endorsements.created.length} endorsements of version 1.0 from the VNG letter`);
    for (const problem of endorsements.problems) opts.log(`WARNING: ${problem}`);
  }

  const reconciled = await reconcileAmendments(stores);
  for (const id of reconciled.repaired) opts.log(`Repaired amendment ${id}: its branch had no metadata (rebuilt from the commit)`);
  for (const problem of reconciled.problems) opts.log(`WARNING: ${problem}`);
  const decisions = await reconcileDecisions(stores);
  for (const line of decisions.repaired) opts.log(`Repaired amendment ${line}`);
  for (const problem of decisions.problems) opts.log(`WARNING: ${problem}`);
  const touched = await backfillTouchedSentences(stores);
  if (touched.recorded > 0) opts.log(`Recorded the sentences ${touched.recorded} open amendments touch (for "raakt ook"; they were written before those were kept)`);
  for (const problem of touched.problems) opts.log(`WARNING: ${problem}`);
  const versions = await reconcileVersions(stores);
  for (const id of versions.repaired) opts.log(`Added the missing audit entry of the naming of version ${id}`);
  const audited = await reconcileEndorsements(stores);
  for (const id of audited.repaired) opts.log(`Added the missing audit entry of endorsement ${id}`);

  if (firstStart) {
    await stores.audit.append(storeInitialised(stores.documents.list().map((r) => r.slug)));
  }
}
