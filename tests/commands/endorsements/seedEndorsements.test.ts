/**
 * seedEndorsements at the first start. What the letter's endorsements look like: endorsementsApi.test.ts.
 * Here: it is idempotent, a withdrawn endorsement from the letter is never seeded again, and what cannot
 * be seeded (an organisation not in the register, a missing version) is reported, not invented.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeedDocuments } from '../../../src/commands/documents/importSeedDocuments.js';
import { seedOrganisations } from '../../../src/commands/organisations/seedOrganisations.js';
import { PROJECT_ROOT } from '../../../src/config.js';
import { openStores } from '../../../src/storage/stores.js';
import { withdrawEndorsement } from '../../../src/commands/endorsements/withdrawEndorsement.js';
import { LETTER_ENDORSERS, seedEndorsements } from '../../../src/commands/endorsements/seedEndorsements.js';
import { commandStore, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person } from '../../helpers/storeScenario.js';
import { tempDir } from '../../helpers/testApp.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

describe('seedEndorsements', () => {
  it('the first start seeded one active endorsement per organisation in the letter, each audited by the service', () => {
    const seeded = c.stores.endorsements.all().filter((r) => r.bron === 'ledenbrief');
    expect(seeded.map((r) => r.organisatie.code)).toEqual(LETTER_ENDORSERS.map((e) => e.code));
    const audited = c.stores.audit.entries().filter((e) => e.actie === 'onderschrijving-vastgelegd');
    expect(audited.map((e) => e.object.id)).toEqual(seeded.map((r) => r.id));
    expect(audited.every((e) => e.actor.id === 'systeem')).toBe(true);
  });

  it('running again adds nothing, also after one of them was withdrawn', async () => {
    const rep = await person(c.stores, 'vertegenwoordiger', 'Nina', 'GM0268');
    const nijmegen = c.stores.endorsements.activeFor(DOC, '1.0', 'GM0268');
    await withdrawEndorsement(c.stores, rep.user, DOC, nijmegen?.id ?? '', { reden: 'Ingetrokken door de raad.' });
    const log = JSON.stringify(c.stores.endorsements.all());
    const audit = c.stores.audit.entries().length;
    expect(await seedEndorsements(c.stores)).toEqual({ created: [], problems: [] });
    expect(JSON.stringify(c.stores.endorsements.all())).toBe(log);
    expect(c.stores.audit.entries().length).toBe(audit);
    expect(c.stores.endorsements.activeFor(DOC, '1.0', 'GM0268')).toBeUndefined();
  });

  it('without the document there is nothing to seed; an organisation missing from the register is reported and skipped', async () => {
    const dir = tempDir('principes-seed-endorsements-');
    try {
      const stores = await openStores(dir);
      expect(await seedEndorsements(stores)).toEqual({ created: [], problems: [] });
      await importSeedDocuments(stores.documents, path.join(PROJECT_ROOT, 'principles'));
      await seedOrganisations(stores, path.join(PROJECT_ROOT, 'data', 'reference'));
      // Setup only: a register without Breda (no command removes a municipality).
      await stores.db.update((d) => {
        d.organisaties = d.organisaties.filter((o) => o.code !== 'GM0758');
      });
      const result = await seedEndorsements(stores);
      expect(result.created).toEqual(LETTER_ENDORSERS.map((e) => e.code).filter((code) => code !== 'GM0758'));
      expect(result.problems).toEqual(['organisation GM0758 is not in the register: its endorsement from the letter was not seeded']);
      expect(stores.endorsements.forOrganisation('GM0758')).toEqual([]);
      expect(stores.endorsements.all().every((r) => r.ondertekenaar.naam === null && r.besluit.datum === null && r.door === null)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
