/**
 * initialiseStore: the first start seeds and ends with one opslag-ingericht entry; every later start
 * seeds nothing again, whatever the files hold, and on a complete store writes nothing at all; a store
 * opened read-only is refused.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialiseStore } from '../../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../../src/config.js';
import { openStores } from '../../../src/storage/stores.js';
import { commandStore, expectRefused, gitRefs, type CommandStore } from '../../helpers/commandStore.js';
import { snapshotDir } from '../../helpers/storeScenario.js';
import { ADMIN_EMAIL } from '../../helpers/testApp.js';

const options = (log: string[] = []) => ({ seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: 'ander@example.org', bootstrapPassword: 'een-ander-lang-wachtwoord', log: (l: string) => log.push(l) });

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

describe('initialiseStore', () => {
  it('the first start ends with exactly one opslag-ingericht entry naming the documents', () => {
    const entries = c.stores.audit.entries();
    expect(entries.filter((e) => e.actie === 'opslag-ingericht')).toEqual([expect.objectContaining({ actor: { id: 'systeem', naam: 'Systeem' } })]);
    expect(entries.at(-1)?.actie).toBe('opslag-ingericht');
    expect(JSON.stringify(entries.at(-1)?.gegevens)).toContain('digitale-stad');
  });

  it('a later start on a complete store writes nothing: not a file, not a ref, not a line of the log', async () => {
    const files = snapshotDir(c.dataDir);
    const refs = gitRefs(c.stores);
    const log: string[] = [];
    const stores = await openStores(c.dataDir);
    await initialiseStore(stores, options(log));
    expect(log).toEqual([]);
    expect(gitRefs(stores)).toBe(refs);
    const after = snapshotDir(c.dataDir);
    expect([...after.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [f, bytes] of files) expect(after.get(f)?.equals(bytes), f).toBe(true);
    c.stores = stores;
  });

  it('after the first start nothing is seeded again: a removed organisation stays removed, no second administrator', async () => {
    // Setup only: no command removes a municipality from the register.
    await c.stores.db.update((d) => {
      d.organisaties = d.organisaties.filter((o) => o.code !== 'GM0758');
    });
    const stores = await openStores(c.dataDir);
    await initialiseStore(stores, options());
    expect(stores.db.data.organisaties.some((o) => o.code === 'GM0758')).toBe(false);
    expect(stores.db.data.gebruikers.map((u) => u.email)).toEqual([ADMIN_EMAIL]);
    expect(stores.audit.entries().filter((e) => e.actie === 'opslag-ingericht' || e.actie === 'organisaties-geladen')).toHaveLength(2);
  });

  it('a store opened read-only is refused before anything is read or written', async () => {
    const stores = await openStores(c.dataDir, { readOnly: true });
    await expectRefused(stores, () => initialiseStore(stores, options()), Error);
  });
});
