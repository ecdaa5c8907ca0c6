/** checkRoleAndOrganisation, shared by createUser and updateUser: every problem at once, as field errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoleAndOrganisation } from '../../../src/commands/users/userRules.js';
import { InvalidInput } from '../../../src/errors.js';
import { commandStore, fieldsOf, type CommandStore } from '../../helpers/commandStore.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

function errorOf(run: () => void): InvalidInput {
  try {
    run();
  } catch (e) {
    if (e instanceof InvalidInput) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('checkRoleAndOrganisation', () => {
  it('passes a registered organisation for any role, and no organisation for roles other than vertegenwoordiger', () => {
    for (const rol of ['beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'] as const) checkRoleAndOrganisation(c.stores.db.data, rol, 'GM0363');
    for (const rol of ['beheerder', 'secretaris', 'werkgroeplid'] as const) checkRoleAndOrganisation(c.stores.db.data, rol, null);
  });

  it('refuses an organisation that is not in the register, and a representative without one', () => {
    expect(fieldsOf(errorOf(() => checkRoleAndOrganisation(c.stores.db.data, 'werkgroeplid', 'XX-ONBEKEND')))).toEqual(['organisatie']);
    const none = errorOf(() => checkRoleAndOrganisation(c.stores.db.data, 'vertegenwoordiger', null));
    expect(none.errors[0]?.reason).toMatch(/vertegenwoordiger/);
  });
});
