/**
 * partyFromSignature, for the start-up repairs: the person a git signature names, by the account
 * address when it is one of ours, else by a name that only one account gives; otherwise `onbekend`
 * with the name kept (never a guess).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyFromSignature, UNKNOWN_ACCOUNT } from '../../../src/commands/setup/recoveredParty.js';
import { accountEmail, gitName } from '../../../src/domain/gitIdentity.js';
import { commandStore, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let ursula: Person;
beforeAll(async () => {
  c = await commandStore();
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
  await person(c.stores, 'werkgroeplid', 'Jan');
  await person(c.stores, 'secretaris', 'Jan ');
});
afterAll(() => c.cleanup());

describe('partyFromSignature', () => {
  it('by the account address, with the account’s current name and organisation, whatever the signature’s name', () => {
    expect(partyFromSignature(c.stores, { name: 'Iemand Anders', email: accountEmail(ursula.user.id) })).toEqual({
      gebruiker: ursula.user.id,
      naam: 'Ursula',
      organisatie: { code: 'GM0344', naam: 'Utrecht' },
    });
  });

  it('an older commit without our address: by the name only one account gives', () => {
    expect(partyFromSignature(c.stores, { name: gitName('Ursula', 'Utrecht'), email: '' }).gebruiker).toBe(ursula.user.id);
  });

  it('a name several accounts give, an unknown name or an address of a removed account: onbekend, with the name kept', () => {
    expect(partyFromSignature(c.stores, { name: 'Jan', email: '' })).toEqual({ gebruiker: UNKNOWN_ACCOUNT, naam: 'Jan', organisatie: null });
    expect(partyFromSignature(c.stores, { name: 'Niemand', email: 'niemand@example.org' })).toEqual({ gebruiker: UNKNOWN_ACCOUNT, naam: 'Niemand', organisatie: null });
    expect(partyFromSignature(c.stores, { name: 'Weg', email: accountEmail('gbr_bestaatniet00') }).gebruiker).toBe(UNKNOWN_ACCOUNT);
  });
});
