/**
 * reconcileEndorsements at start: a withdrawal (or an endorsement with its withdrawal) that reached the
 * endorsement log but not the audit log gets its entries, marked hersteld, in the log's order, with the
 * person who acted; a second run adds nothing. The single endorsement without its entry:
 * tests/api/endorsementsApi.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorseVersion } from '../../../src/commands/endorsements/endorseVersion.js';
import { reconcileEndorsements } from '../../../src/commands/endorsements/reconcileEndorsements.js';
import { withdrawEndorsement } from '../../../src/commands/endorsements/withdrawEndorsement.js';
import { verifyChain } from '../../../src/domain/auditChain.js';
import { commandStore, interruptedBefore, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';

const AUDIT_FILES = ['audit.jsonl', 'audit-kop.json'];
const body = { ondertekenaar: { naam: 'U', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'U-1', url: null } };

let c: CommandStore;
let ursula: Person;
let uwe: Person;
beforeAll(async () => {
  c = await commandStore();
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
  uwe = await person(c.stores, 'vertegenwoordiger', 'Uwe', 'GM0344');
});
afterAll(() => c.cleanup());

describe('reconcileEndorsements', () => {
  it('adds the missing entries of an endorsement and its withdrawal, in order, by who acted, once', async () => {
    let id = '';
    const stores = await interruptedBefore(c.stores, AUDIT_FILES, async () => {
      id = (await endorseVersion(c.stores, ursula.user, DOC, '1.0', body)).id;
      await withdrawEndorsement(c.stores, uwe.user, DOC, id, { reden: 'Herzien.' });
    });
    const before = stores.audit.entries().length;
    expect(stores.audit.entries().some((e) => e.object.id === id)).toBe(false);
    expect((await reconcileEndorsements(stores)).repaired).toEqual([`${id} (onderschrijving-vastgelegd)`, `${id} (onderschrijving-ingetrokken)`]);
    expect(stores.audit.entries().slice(before)).toMatchObject([
      { actie: 'onderschrijving-vastgelegd', actor: { id: ursula.user.id }, object: { id }, gegevens: { hersteld: true } },
      { actie: 'onderschrijving-ingetrokken', actor: { id: uwe.user.id }, object: { id }, gegevens: { hersteld: true } },
    ]);
    expect(verifyChain(stores.audit.entries()).ok).toBe(true);
    expect((await reconcileEndorsements(stores)).repaired).toEqual([]);
    c.stores = stores;
  });

  it('a withdrawal whose endorsement was audited gets only the withdrawal entry', async () => {
    const record = await endorseVersion(c.stores, ursula.user, DOC, '1.0', body);
    const stores = await interruptedBefore(c.stores, AUDIT_FILES, () => withdrawEndorsement(c.stores, ursula.user, DOC, record.id, { reden: 'Herzien.' }));
    expect((await reconcileEndorsements(stores)).repaired).toEqual([`${record.id} (onderschrijving-ingetrokken)`]);
    expect(stores.audit.entries().filter((e) => e.object.id === record.id).map((e) => e.actie)).toEqual(['onderschrijving-vastgelegd', 'onderschrijving-ingetrokken']);
  });
});
