/**
 * A store on disk as a first start leaves it, plus the people and amendments the crash and damage tests
 * need, made in-process through the real commands (no shortcuts into the files). The server process is
 * started on it afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { proposeAmendment } from '../../src/commands/amendments/proposeAmendment.js';
import { createToken } from '../../src/commands/auth/tokens.js';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { createUserAsSystem } from '../../src/commands/users/createUser.js';
import { toCurrentUser } from '../../src/queries/accountQueries.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import type { Role } from '../../src/domain/roles.js';
import type { CurrentUser } from '../../src/policies/currentUser.js';
import { openStores, type Stores } from '../../src/storage/stores.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './testApp.js';

export const DOC = 'digitale-stad';

export async function seededStore(dataDir: string): Promise<Stores> {
  const stores = await openStores(dataDir);
  await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
  return stores;
}

export interface Person {
  user: CurrentUser;
  token: string;
}

export async function person(stores: Stores, rol: Role, naam: string, organisatie: string | null = null): Promise<Person> {
  const record = await createUserAsSystem(stores, { naam, email: `${naam.toLowerCase().replace(/\W+/g, '-')}@example.org`, wachtwoord: 'een-lang-genoeg-wachtwoord', rol, organisatie });
  const user = toCurrentUser(stores.db.data, record, 'token');
  const { token } = await createToken(stores, user, { omschrijving: 'test' });
  return { user, token };
}

/**
 * `count` amendments, each adding a principle file of its own (`50-<tag>-<i>.md`), so that any of them
 * merges cleanly in any order.
 */
export async function newPrincipleAmendments(stores: Stores, proposer: Person, tag: string, count: number): Promise<AmendmentRecord[]> {
  const made: AmendmentRecord[] = [];
  for (let i = 1; i <= count; i++) {
    made.push(
      await proposeAmendment(stores, proposer.user, DOC, {
        titel: `Nieuw principe ${tag} ${i}`,
        toelichting: `Voegt principe ${tag} ${i} toe.`,
        basis: 'concept',
        principes: [{ bestand: `50-${tag}-${i}.md`, tekst: `# Principe ${tag} ${i}\n\nDit is de tekst van principe ${tag} ${i}.\n` }],
        namens: 'persoon',
      }),
    );
  }
  return made;
}

/** Every file of the data folder (git objects included) with its bytes, to show that nothing changed. */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name !== '.lock') files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  visit(dir);
  return files;
}
