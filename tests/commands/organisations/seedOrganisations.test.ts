/**
 * seedOrganisations at the first start. What it seeds, that a second run writes nothing and that it
 * only adds what is missing are in tests/api/organisationsApi.test.ts; here: a damaged reference list
 * stops the seeding before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUNICIPALITIES_FILE, seedOrganisations } from '../../../src/commands/organisations/seedOrganisations.js';
import { openStores, type Stores } from '../../../src/storage/stores.js';
import { tempDir } from '../../helpers/testApp.js';

let dir: string;
let refDir: string;
let stores: Stores;
beforeAll(async () => {
  dir = tempDir('principes-seedorgs-');
  refDir = tempDir('principes-ref-');
  stores = await openStores(dir);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(refDir, { recursive: true, force: true });
});

describe('seedOrganisations with a damaged reference list', () => {
  it('a missing list, or one bad record among good ones, adds nothing and audits nothing', async () => {
    await expect(seedOrganisations(stores, refDir)).rejects.toThrow(/ENOENT|no such file/);
    fs.writeFileSync(path.join(refDir, MUNICIPALITIES_FILE), 'code,name\nGM0001,Een\nGM0002,Twee\nGM3,Drie\n');
    await expect(seedOrganisations(stores, refDir)).rejects.toThrow(/GM3/);
    expect(stores.db.data.organisaties).toHaveLength(0);
    expect(stores.audit.entries()).toHaveLength(0);
    // Repaired, the same store is seeded in full.
    fs.writeFileSync(path.join(refDir, MUNICIPALITIES_FILE), 'code,name\nGM0001,Een\nGM0002,Twee\nGM0003,Drie\n');
    await expect(seedOrganisations(stores, refDir)).resolves.toEqual({ created: 5 });
    expect(stores.audit.entries()).toMatchObject([{ actie: 'organisaties-geladen', gegevens: { aantal: 5, codes: ['GM0001', 'GM0002', 'GM0003', 'BE-ANTWERPEN', 'VNG'] } }]);
  });
});
