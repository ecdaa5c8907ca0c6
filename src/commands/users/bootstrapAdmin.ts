/**
 * First start without accounts: create an administrator from BOOTSTRAP_ADMIN_EMAIL and
 * BOOTSTRAP_ADMIN_PASSWORD, or `beheerder@localhost` with a generated password that is printed once.
 * Does nothing when any account exists.
 */
import { MIN_PASSWORD_LENGTH } from '../../domain/accountRules.js';
import { generatePassword } from '../../domain/secrets.js';
import { StartRefused } from '../../errors.js';
import type { Stores } from '../../storage/stores.js';
import { createUserAsSystem } from './createUser.js';

export async function bootstrapAdmin(
  stores: Stores,
  opts: { email?: string | undefined; password?: string | undefined; log: (line: string) => void },
): Promise<void> {
  if (stores.db.data.gebruikers.length > 0) return;
  const email = opts.email ?? 'beheerder@localhost';
  const generated = opts.password === undefined;
  if (opts.password !== undefined && opts.password.length < MIN_PASSWORD_LENGTH) {
    throw new StartRefused(`BOOTSTRAP_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  const password = opts.password ?? generatePassword();
  await createUserAsSystem(stores, { naam: 'Beheerder', email, wachtwoord: password, rol: 'beheerder', organisatie: null });
  if (generated) {
    opts.log(`Created the administrator ${email} with the generated password: ${password}`);
    opts.log('This password is shown only now. Sign in at /aanmelden and change it under Mijn account (/account), or set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD before the first start.');
  } else {
    opts.log(`Created the administrator ${email} (password from BOOTSTRAP_ADMIN_PASSWORD)`);
  }
}
