/**
 * The amendment aggregate's repository on a real store: `withOpen` tells a client things in one order,
 * the amendment (404), then who asks (401/403), then the body (400), then whether the amendment is open
 * for the action and at the revision the client saw (409), and only then runs the verb. The verbs
 * themselves keep that order when called directly, without any route in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AmendmentRepository } from '../../../src/commands/amendments/amendmentRepository.js';
import { reviseAmendment } from '../../../src/commands/amendments/reviseAmendment.js';
import { withdrawAmendment } from '../../../src/commands/amendments/withdrawAmendment.js';
import type { AmendmentRecord } from '../../../src/domain/amendmentModel.js';
import { Conflict, InvalidInput, NotAllowed, NotFound, NotSignedIn, StaleHead } from '../../../src/errors.js';
import { DOC, newPrincipleAmendments, person, type Person } from '../../helpers/storeScenario.js';
import { makeTestApp, type TestApp } from '../../helpers/testApp.js';

let t: TestApp;
let proposer: Person;
let other: Person;
let secretaris: Person;
let open: AmendmentRecord;
let closed: AmendmentRecord;

beforeAll(async () => {
  t = await makeTestApp();
  proposer = await person(t.stores, 'werkgroeplid', 'Ina');
  other = await person(t.stores, 'werkgroeplid', 'Otto');
  secretaris = await person(t.stores, 'secretaris', 'Sara');
  [open, closed] = (await newPrincipleAmendments(t.stores, proposer, 'volgorde', 2)) as [AmendmentRecord, AmendmentRecord];
  await withdrawAmendment(t.stores, proposer.user, DOC, closed.nummer, { reden: 'Niet meer nodig.' });
});
afterAll(() => t.cleanup());

const schema = z.object({ verwachteRevisie: z.string().regex(/^[0-9a-f]{40}$/) });
const body = (input: unknown) => ({ schema, input, what: 'De test', seen: (v: z.infer<typeof schema>) => v.verwachteRevisie });
const invalid = body({ verwachteRevisie: 'geen revisie' });

/** `write` is refused with `error`, and nothing in the amendment records or the audit log changed. */
async function refused(write: () => Promise<unknown>, error: new (...args: never[]) => Error): Promise<void> {
  const audit = t.stores.audit.entries().length;
  const records = JSON.stringify(t.stores.amendments.list(DOC));
  await expect(write()).rejects.toBeInstanceOf(error);
  expect(t.stores.audit.entries().length).toBe(audit);
  expect(JSON.stringify(t.stores.amendments.list(DOC))).toBe(records);
}

describe('AmendmentRepository.withOpen', () => {
  it('404 before 401/403 before 400 before 409, and the verb runs only after all of them', async () => {
    const amendments = new AmendmentRepository(t.stores);
    let ran = 0;
    const fn = async () => {
      ran += 1;
    };
    const current = (a: AmendmentRecord) => a.revisies.at(-1)?.commit ?? '';
    await refused(() => amendments.withOpen(null, 'herzien', DOC, 9999, invalid, fn), NotFound);
    await refused(() => amendments.withOpen(null, 'herzien', 'bestaat-niet', open.nummer, invalid, fn), NotFound);
    await refused(() => amendments.withOpen(null, 'herzien', DOC, closed.nummer, invalid, fn), NotSignedIn);
    await refused(() => amendments.withOpen(other.user, 'herzien', DOC, closed.nummer, invalid, fn), NotAllowed);
    await refused(() => amendments.withOpen(secretaris.user, 'herzien', DOC, open.nummer, invalid, fn), NotAllowed);
    await refused(() => amendments.withOpen(proposer.user, 'herzien', DOC, closed.nummer, invalid, fn), InvalidInput);
    await refused(() => amendments.withOpen(proposer.user, 'herzien', DOC, closed.nummer, body({ verwachteRevisie: current(closed) }), fn), Conflict);
    await refused(() => amendments.withOpen(proposer.user, 'herzien', DOC, open.nummer, body({ verwachteRevisie: 'f'.repeat(40) }), fn), StaleHead);
    expect(ran).toBe(0);
    await amendments.withOpen(proposer.user, 'herzien', DOC, open.nummer, body({ verwachteRevisie: current(open) }), fn);
    expect(ran).toBe(1);
  });

  it('a closed amendment is refused with the state guard, also when the revision is stale (open before revision)', async () => {
    const amendments = new AmendmentRepository(t.stores);
    const refusal = await amendments.withOpen(proposer.user, 'herzien', DOC, closed.nummer, body({ verwachteRevisie: 'f'.repeat(40) }), async () => undefined).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Conflict);
    expect(refusal).not.toBeInstanceOf(StaleHead);
    expect((refusal as Conflict).data).toEqual({ status: 'ingetrokken', actie: 'herzien' });
  });

  it('a verb keeps that order when called directly (reviseAmendment)', async () => {
    const edit = { principes: [{ bestand: '50-volgorde-1.md', tekst: '# Principe volgorde 1\n\nEen nieuwe tekst.\n' }] };
    const revise = (who: Person | null, nummer: number, input: unknown) => reviseAmendment(t.stores, who?.user ?? null, DOC, nummer, input);
    await refused(() => revise(null, 9999, {}), NotFound);
    await refused(() => revise(null, open.nummer, {}), NotSignedIn);
    await refused(() => revise(other, open.nummer, {}), NotAllowed);
    await refused(() => revise(proposer, closed.nummer, {}), InvalidInput);
    await refused(() => revise(proposer, closed.nummer, { ...edit, verwachteRevisie: closed.revisies[0]?.commit }), Conflict);
    await refused(() => revise(proposer, open.nummer, { ...edit, verwachteRevisie: 'f'.repeat(40) }), StaleHead);
    const revised = await revise(proposer, open.nummer, { ...edit, verwachteRevisie: t.stores.amendments.get(DOC, open.nummer)?.revisies.at(-1)?.commit });
    expect(revised.revisies).toHaveLength(2);
  });
});
