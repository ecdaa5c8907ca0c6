/**
 * nameVersion called directly on a real store, the tag checked with stock git: an annotated tag on the
 * draft, named after the account (no personal address in git), the naming rules (the next number only,
 * never an existing one, not an unchanged text, not a draft that moved), and that a refusal writes
 * nothing. Which roles may name: commandAuthorization.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameVersion } from '../../../src/commands/versions/nameVersion.js';
import { recordAdoption } from '../../../src/commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../../src/commands/versions/scheduleVersion.js';
import { accountEmail, gitName } from '../../../src/domain/gitIdentity.js';
import { Conflict, InvalidInput, StaleHead } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, git, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';
import { editDraft } from '../../helpers/testApp.js';

let c: CommandStore;
let sara: Person;

beforeAll(async () => {
  c = await commandStore();
  sara = await person(c.stores, 'secretaris', 'Sara');
});
afterAll(() => c.cleanup());

const name = (naam: string, extra: Record<string, unknown> = {}) => nameVersion(c.stores, sara.user, DOC, { naam, toelichting: ' Nieuwe principes. ', ...extra });

describe('nameVersion', () => {
  it('a draft equal to the newest version is 409 (nothing to name), and writes nothing', async () => {
    const e = await expectRefused(c.stores, () => name('1.1'), Conflict);
    expect(e.data).toMatchObject({ gelijkAan: '1.0' });
  });

  it('tags the draft with an annotated tag v<naam>, signed with the account’s name and service address, and audits it', async () => {
    const draft = await editDraft(c.stores.documents);
    const now = new Date('2025-06-01T12:00:00Z');
    const { result, entries } = await withAudit(c.stores, () => nameVersion(c.stores, sara.user, DOC, { naam: '1.1', toelichting: ' Nieuwe principes. ', verwachtConcept: draft }, now));
    expect(git(c.stores, 'cat-file', '-t', 'v1.1')).toBe('tag');
    expect(git(c.stores, 'rev-parse', 'v1.1^{commit}')).toBe(draft);
    expect(git(c.stores, 'rev-parse', 'main')).toBe(draft);
    expect(git(c.stores, 'rev-parse', 'v1.1')).toBe(result.tagOid);
    expect(git(c.stores, 'rev-parse', 'v1.1^{tree}')).toBe(result.tree);
    const tag = git(c.stores, 'cat-file', 'tag', 'v1.1');
    expect(tag).toContain(`tagger ${gitName(sara.user.naam, null)} <${accountEmail(sara.user.id)}> ${now.getTime() / 1000} +0000`);
    expect(tag).toContain('Versie 1.1\n\nNieuwe principes.');
    expect(tag).not.toContain('sara@example.org');
    git(c.stores, 'fsck', '--strict', '--no-dangling');
    expect(entries).toEqual([
      expect.objectContaining({
        actie: 'versie-benoemd',
        actor: expect.objectContaining({ id: sara.user.id }),
        object: { soort: 'versie', id: `${DOC}@1.1` },
        gegevens: { document: DOC, naam: '1.1', commit: draft, tree: result.tree, tag: result.tagOid },
      }),
    ]);
  });

  it('an existing name is 409 and its tag never moves; once adopted the refusal says so', async () => {
    await editDraft(c.stores.documents);
    const tag = git(c.stores, 'rev-parse', 'v1.1');
    expect((await expectRefused(c.stores, () => name('1.1'), Conflict)).data).toEqual({ naam: '1.1' });
    await scheduleVersion(c.stores, sara.user, DOC, '1.1', { alvDatum: '2025-06-12' });
    await recordAdoption(c.stores, sara.user, DOC, '1.1', { datum: '2025-06-12', uitkomst: 'aangenomen', percentages: { voor: 80, tegen: 10, onthouding: 10 }, kenmerk: 'ALV-1' });
    expect((await expectRefused(c.stores, () => name('1.1'), Conflict)).data).toEqual({ naam: '1.1', status: 'vastgesteld' });
    expect(git(c.stores, 'rev-parse', 'v1.1')).toBe(tag);
  });

  it('only the next minor or major is a valid name (400 naming naam); a malformed name too', async () => {
    for (const naam of ['1.3', '3.0', '0.9', '1.01x', '']) {
      expect(fieldsOf(await expectRefused(c.stores, () => name(naam), InvalidInput)), naam).toEqual(['naam']);
    }
    expect(fieldsOf(await expectRefused(c.stores, () => nameVersion(c.stores, sara.user, DOC, { naam: '1.2' }), InvalidInput))).toEqual(['toelichting']);
  });

  it('a draft that moved since the secretary looked is 409 stale_head; then the major 2.0 is named', async () => {
    const seen = git(c.stores, 'rev-parse', 'main');
    await editDraft(c.stores.documents);
    const stale = await expectRefused(c.stores, () => name('1.2', { verwachtConcept: seen }), StaleHead);
    expect(stale.code).toBe('stale_head');
    const v = await name('2.0');
    expect(v.naam).toBe('2.0');
    expect(git(c.stores, 'tag', '--list')).toBe(['v1.0', 'v1.1', 'v2.0'].join('\n'));
  });

  it('the administrator may name a version too', async () => {
    await editDraft(c.stores.documents);
    expect((await nameVersion(c.stores, c.admin, DOC, { naam: '2.1', toelichting: 'Door de beheerder.' })).naam).toBe('2.1');
    expect(git(c.stores, 'cat-file', 'tag', 'v2.1')).toContain(`<${accountEmail(c.admin.id)}>`);
  });
});
