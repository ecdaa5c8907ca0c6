/**
 * endorseVersion called directly on a real store: the record pins the version's commit and tree (checked
 * with stock git), the representative's own organisation only, one active endorsement per organisation
 * and version (also when two arrive at once), named versions only, no decision dated after today, and a
 * refusal writes nothing. The order of 401/403 before the body: commandAuthorization.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorseVersion } from '../../../src/commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../../../src/commands/endorsements/withdrawEndorsement.js';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, git, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let ursula: Person;
let uwe: Person;

beforeAll(async () => {
  c = await commandStore();
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
  uwe = await person(c.stores, 'vertegenwoordiger', 'Uwe', 'GM0344');
});
afterAll(() => c.cleanup());

const body = (extra: Record<string, unknown> = {}) => ({
  ondertekenaar: { naam: 'U. Trecht', functie: 'burgemeester' },
  besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'U-1', url: 'https://www.utrecht.nl/besluit' },
  ...extra,
});

describe('endorseVersion', () => {
  it('records the endorsement for the representative’s organisation, pinned to the tag’s commit and tree, and audits it', async () => {
    const now = new Date('2025-02-01T10:00:00Z');
    const { result, entries } = await withAudit(c.stores, () => endorseVersion(c.stores, ursula.user, DOC, '1.0', body(), now));
    expect(result).toMatchObject({
      document: DOC,
      versie: '1.0',
      commit: git(c.stores, 'rev-parse', 'v1.0^{commit}'),
      tree: git(c.stores, 'rev-parse', 'v1.0^{tree}'),
      status: 'actief',
      organisatie: { code: 'GM0344', naam: 'Utrecht', type: 'gemeente' },
      ondertekenaar: { naam: 'U. Trecht', functie: 'burgemeester' },
      besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'U-1', url: 'https://www.utrecht.nl/besluit' },
      bron: 'dienst',
      door: { gebruiker: ursula.user.id, organisatie: { code: 'GM0344' } },
      vastgelegd: now.toISOString(),
      intrekking: null,
    });
    expect(c.stores.endorsements.get(result.id)).toEqual(result);
    expect(entries).toMatchObject([{ actie: 'onderschrijving-vastgelegd', actor: { id: ursula.user.id }, object: { soort: 'onderschrijving', id: result.id } }]);
  });

  it('a second active endorsement of the organisation for the version is 409 naming the first, also from a colleague', async () => {
    const first = c.stores.endorsements.activeFor(DOC, '1.0', 'GM0344');
    const e = await expectRefused(c.stores, () => endorseVersion(c.stores, uwe.user, DOC, '1.0', body()), Conflict);
    expect(e.data).toEqual({ onderschrijving: first?.id });
  });

  it('after a withdrawal the organisation may endorse that version again', async () => {
    const first = c.stores.endorsements.activeFor(DOC, '1.0', 'GM0344');
    await withdrawEndorsement(c.stores, ursula.user, DOC, first?.id ?? '', { reden: 'Nieuw besluit.' });
    const again = await endorseVersion(c.stores, uwe.user, DOC, '1.0', body({ besluit: { orgaan: 'raad', datum: '2025-02-01', kenmerk: 'U-2', url: null } }));
    expect(again.id).not.toBe(first?.id);
    expect(c.stores.endorsements.activeFor(DOC, '1.0', 'GM0344')?.id).toBe(again.id);
  });

  it('of two endorsements at once for one organisation and version, one is recorded and the other is 409', async () => {
    const zeger = await person(c.stores, 'vertegenwoordiger', 'Zeger', 'GM0193');
    const zara = await person(c.stores, 'vertegenwoordiger', 'Zara', 'GM0193');
    const results = await Promise.allSettled([endorseVersion(c.stores, zeger.user, DOC, '1.0', body()), endorseVersion(c.stores, zara.user, DOC, '1.0', body())]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' ? failed.reason : null).toBeInstanceOf(Conflict);
    expect(c.stores.endorsements.forOrganisation('GM0193').filter((r) => r.status === 'actief')).toHaveLength(1);
    expect(c.stores.audit.entries().filter((e) => e.actie === 'onderschrijving-vastgelegd' && e.actor.id !== 'systeem' && [zeger.user.id, zara.user.id].includes(e.actor.id))).toHaveLength(1);
  });

  it('the draft and a bare commit are 409, an unknown version and an unknown document 404', async () => {
    const rep = await person(c.stores, 'vertegenwoordiger', 'Rob', 'GM0599');
    await expectRefused(c.stores, () => endorseVersion(c.stores, rep.user, DOC, 'concept', body()), Conflict);
    await expectRefused(c.stores, () => endorseVersion(c.stores, rep.user, DOC, git(c.stores, 'rev-parse', 'main'), body()), Conflict);
    await expectRefused(c.stores, () => endorseVersion(c.stores, rep.user, DOC, '9.9', body()), NotFound);
    await expectRefused(c.stores, () => endorseVersion(c.stores, rep.user, 'bestaat-niet', '1.0', body()), NotFound);
  });

  it('a decision dated after today (Europe/Amsterdam) or an incomplete body is 400 naming the fields', async () => {
    const rep = await person(c.stores, 'vertegenwoordiger', 'Roos', 'GM0599');
    const lateEvening = new Date('2025-01-14T23:30:00Z'); // already 15 January in Amsterdam
    await endorseVersion(c.stores, rep.user, DOC, '1.0', body(), lateEvening);
    const other = await person(c.stores, 'vertegenwoordiger', 'Olga', 'GM0014');
    const future = await expectRefused(c.stores, () => endorseVersion(c.stores, other.user, DOC, '1.0', body(), new Date('2025-01-14T22:30:00Z')), InvalidInput);
    expect(fieldsOf(future)).toEqual(['besluit.datum']);
    const incomplete = await expectRefused(c.stores, () => endorseVersion(c.stores, other.user, DOC, '1.0', { ondertekenaar: { naam: 'O' }, besluit: { orgaan: 'koning' } }), InvalidInput);
    expect(fieldsOf(incomplete)).toEqual(expect.arrayContaining(['ondertekenaar.functie', 'besluit.orgaan']));
  });

  it('only a representative endorses, and only for their own organisation', async () => {
    const wim = await person(c.stores, 'werkgroeplid', 'Wim', 'GM0363');
    await expectRefused(c.stores, () => endorseVersion(c.stores, wim.user, DOC, '1.0', body()), NotAllowed);
    const olga = await person(c.stores, 'vertegenwoordiger', 'Otto', 'GM0014');
    await expectRefused(c.stores, () => endorseVersion(c.stores, olga.user, DOC, '1.0', body({ organisatie: 'GM0344' })), NotAllowed);
    expect((await endorseVersion(c.stores, olga.user, DOC, '1.0', body({ organisatie: 'GM0014' }))).organisatie.code).toBe('GM0014');
  });
});
