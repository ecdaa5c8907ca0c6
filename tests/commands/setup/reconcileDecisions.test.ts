/**
 * reconcileDecisions at start: an amendment proposal recorded in git and the metadata whose audit entry
 * was lost (a crash before the audit write) gets the entry back, from the record and by the proposer,
 * marked hersteld; a second run adds nothing. A merge on main whose decision was lost:
 * tests/commands/decideAfterMerge.test.ts and tests/server/crashRepair.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileDecisions } from '../../../src/commands/setup/reconcileDecisions.js';
import { verifyChain } from '../../../src/domain/auditChain.js';
import type { AmendmentRecord } from '../../../src/domain/amendmentModel.js';
import { commandStore, interruptedBefore, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, newPrincipleAmendments, person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let wim: Person;
beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
});
afterAll(() => c.cleanup());

describe('reconcileDecisions', () => {
  it('nothing to do on a store whose writes all completed', async () => {
    await newPrincipleAmendments(c.stores, wim, 'heel', 1);
    expect(await reconcileDecisions(c.stores)).toEqual({ repaired: [], problems: [] });
  });

  it('adds the lost audit entry of a recorded proposal, by the proposer, marked hersteld, once', async () => {
    let made: AmendmentRecord[] = [];
    const stores = await interruptedBefore(c.stores, ['audit.jsonl', 'audit-kop.json'], async () => {
      made = await newPrincipleAmendments(c.stores, wim, 'wees', 2);
    });
    const before = stores.audit.entries().length;
    const report = await reconcileDecisions(stores);
    expect(report.problems).toEqual([]);
    expect(report.repaired).toEqual(made.map((a) => `${DOC}#${a.nummer}: added the missing audit entry of its proposal`));
    expect(stores.audit.entries().slice(before)).toMatchObject(
      made.map((a) => ({
        actie: 'amendement-ingediend',
        actor: { id: wim.user.id },
        object: { soort: 'amendement', id: `${DOC}#${a.nummer}` },
        gegevens: { titel: a.titel, revisie: a.revisies[0]?.commit, hersteld: true },
      })),
    );
    expect(verifyChain(stores.audit.entries()).ok).toBe(true);
    expect(await reconcileDecisions(stores)).toEqual({ repaired: [], problems: [] });
  });
});
