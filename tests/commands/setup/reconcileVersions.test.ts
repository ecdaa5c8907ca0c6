/**
 * reconcileVersions at start: a version tag whose naming never reached the audit log gets its
 * versie-benoemd entry from the tag (tagger and time from git), marked hersteld, oldest first; the
 * imported version 1.0 (on the root commit) is no naming; a second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileVersions } from '../../../src/commands/setup/reconcileVersions.js';
import { verifyChain } from '../../../src/domain/auditChain.js';
import { commandStore, git, interruptedBefore, nameNewVersion, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let sara: Person;
beforeAll(async () => {
  c = await commandStore();
  sara = await person(c.stores, 'secretaris', 'Sara');
});
afterAll(() => c.cleanup());

describe('reconcileVersions', () => {
  it('a store as the first start leaves it needs nothing: 1.0 was imported, not named', async () => {
    expect(await reconcileVersions(c.stores)).toEqual({ repaired: [] });
  });

  it('adds the namings of tags without their entries, oldest first, by the tagger, marked hersteld, once', async () => {
    let names: string[] = [];
    const stores = await interruptedBefore(c.stores, ['audit.jsonl', 'audit-kop.json'], async () => {
      names = [await nameNewVersion(c.stores, sara.user), await nameNewVersion(c.stores, sara.user)];
    });
    const before = stores.audit.entries().length;
    expect((await reconcileVersions(stores)).repaired).toEqual(names.map((n) => `${DOC}@${n}`));
    const added = stores.audit.entries().slice(before);
    expect(added).toMatchObject(
      names.map((n) => ({
        actie: 'versie-benoemd',
        actor: { id: sara.user.id },
        object: { soort: 'versie', id: `${DOC}@${n}` },
        gegevens: { naam: n, commit: git(stores, 'rev-parse', `v${n}^{commit}`), tag: git(stores, 'rev-parse', `v${n}`), hersteld: true },
      })),
    );
    expect(added[0]?.gegevens?.benoemd).toBe(new Date(Number(git(stores, 'for-each-ref', '--format=%(taggerdate:unix)', `refs/tags/v${names[0]}`)) * 1000).toISOString());
    expect(verifyChain(stores.audit.entries()).ok).toBe(true);
    expect(await reconcileVersions(stores)).toEqual({ repaired: [] });
  });
});
