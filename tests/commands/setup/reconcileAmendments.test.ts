/**
 * reconcileAmendments at start, for what it must not repair. Rebuilding a record from a single proposal
 * commit, and a record whose commit is missing: tests/commands/reconcileAmendments.test.ts. Here: a
 * branch that is not one proposal commit on the draft, or not named like an amendment, is reported and
 * nothing is written; an open record whose branch moved past its last revision is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAmendments } from '../../../src/commands/setup/reconcileAmendments.js';
import { commandStore, gitRefs, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, newPrincipleAmendments, person, snapshotDir } from '../../helpers/storeScenario.js';
import { signature } from '../../helpers/testApp.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

describe('reconcileAmendments', () => {
  it('reports a branch with more history, or with a name that is no amendment number, and writes nothing', async () => {
    const repo = c.stores.documents.get(DOC);
    const head = repo.head().oid;
    const first = await repo.commit({ branch: 'amendementen/9', parent: head, changes: [{ path: '60-een.md', content: '# Een\n\nEen.\n' }], author: signature(), message: 'Amendement 9: een' });
    await repo.commit({ branch: 'amendementen/9', parent: first.oid, changes: [{ path: '61-twee.md', content: '# Twee\n\nTwee.\n' }], author: signature(), message: 'Nog een commit' });
    await repo.commit({ branch: 'amendementen/los', parent: head, changes: [{ path: '62-drie.md', content: '# Drie\n\nDrie.\n' }], author: signature(), message: 'Amendement: los' });
    const files = snapshotDir(c.dataDir);
    const refs = gitRefs(c.stores);
    const report = await reconcileAmendments(c.stores);
    expect(report.repaired).toEqual([]);
    expect(report.problems).toEqual([
      `${DOC}: tak amendementen/9 heeft geen gegevens en kan niet automatisch worden hersteld`,
      `${DOC}: tak amendementen/los heeft geen gegevens en kan niet automatisch worden hersteld`,
    ]);
    expect(c.stores.amendments.all()).toEqual([]);
    expect(gitRefs(c.stores)).toBe(refs);
    expect([...snapshotDir(c.dataDir).entries()].map(([f, b]) => [f, b.toString('base64')])).toEqual([...files.entries()].map(([f, b]) => [f, b.toString('base64')]));
  });

  it('reports an open amendment whose branch is not at its last revision', async () => {
    const wim = await person(c.stores, 'werkgroeplid', 'Wim');
    const [a] = await newPrincipleAmendments(c.stores, wim, 'verschoven', 1);
    if (a === undefined) throw new Error('no amendment');
    const repo = c.stores.documents.get(DOC);
    const tip = repo.branchTip(a.branch) ?? '';
    await repo.commit({ branch: a.branch, parent: tip, changes: [{ path: '63-vier.md', content: '# Vier\n\nVier.\n' }], author: signature(), message: 'Buiten de dienst om' });
    const report = await reconcileAmendments(c.stores);
    expect(report.problems).toContain(`${DOC}: de tak ${a.branch} staat niet op de laatste revisie van amendement ${a.nummer}`);
    expect(report.repaired).toEqual([]);
  });
});
