/**
 * First-start work, idempotent: import seed documents, seed the register of organisations, create the
 * bootstrap administrator when there are no accounts yet, and seed the endorsements of version 1.0 from
 * the VNG letter. A second start changes nothing (it only repairs what a crash left half-written).
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import type { Stores } from '../../storage/stores.js';
import { importSeedDocuments } from '../documents/importSeedDocuments.js';
import { seedOrganisations } from '../organisations/seedOrganisations.js';
import { bootstrapAdmin } from '../users/bootstrapAdmin.js';
import { reconcileEndorsements } from '../endorsements/reconcileEndorsements.js';
import { seedEndorsements } from '../endorsements/seedEndorsements.js';
import { reconcileAmendments } from './reconcileAmendments.js';

export interface InitialiseOptions {
  seedDir: string;
  referenceDir?: string;
  bootstrapEmail?: string | undefined;
  bootstrapPassword?: string | undefined;
  /** Where messages for the operator go (the generated password is printed here, once). */
  log: (line: string) => void;
}

export async function initialiseStore(stores: Stores, opts: InitialiseOptions): Promise<void> {
  const seeded = await importSeedDocuments(stores.documents, opts.seedDir);
  for (const slug of seeded.created) {
    opts.log(`Imported document "${slug}" from ${path.join(opts.seedDir, slug)} as version 1.0`);
  }
  const orgs = await seedOrganisations(stores, opts.referenceDir ?? path.join(PROJECT_ROOT, 'data', 'reference'));
  if (orgs.created > 0) opts.log(`Seeded ${orgs.created} organisations into the register`);
  await bootstrapAdmin(stores, { email: opts.bootstrapEmail, password: opts.bootstrapPassword, log: opts.log });
  const reconciled = await reconcileAmendments(stores);
  for (const id of reconciled.repaired) opts.log(`Repaired amendment ${id}: its branch had no metadata (rebuilt from the commit)`);
  for (const problem of reconciled.problems) opts.log(`WARNING: ${problem}`);
  const endorsements = await seedEndorsements(stores);
  if (endorsements.created.length > 0) opts.log(`Seeded ${endorsements.created.length} endorsements of version 1.0 from the VNG letter`);
  for (const problem of endorsements.problems) opts.log(`WARNING: ${problem}`);
  const audited = await reconcileEndorsements(stores);
  for (const id of audited.repaired) opts.log(`Added the missing audit entry of endorsement ${id}`);
}
