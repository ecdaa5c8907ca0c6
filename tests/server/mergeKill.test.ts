/**
 * Crash safety of merges and namings with the real server process: the secretary decides amendments
 * (merging them into the draft) and names versions back to back, and the process is killed with
 * SIGKILL at a random moment while a merge runs, over and over; each restart reconciles what the kill
 * interrupted. At the
 * end the store must agree with itself:
 * - every merge commit on main merged a different amendment, whose record says `overgenomen` with that
 *   commit and which has exactly one `amendement-overgenomen` audit entry naming it (nothing merged
 *   twice, nothing merged without its record);
 * - every decision answered 200 and every naming answered 201 before a kill is there;
 * - every version tag has exactly one `versie-benoemd` entry;
 * - deciding any merged amendment again answers 409 and leaves main alone;
 * - `git fsck --strict` is clean, the audit chain verifies, and the store opens without damage.
 * The deterministic versions of the interrupted states are in crashRepair.test.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { parseJsonLines, verifyChain, type AuditEntry } from '../../src/domain/auditChain.js';
import { openStores } from '../../src/storage/stores.js';
import { readAmendmentFiles } from '../helpers/amendmentFiles.js';
import { isAlive, killServerAndRemove, serverPidOf, startServer, type RunningServer } from '../helpers/serverProcess.js';
import { DOC, newPrincipleAmendments, person, seededStore, type Person } from '../helpers/storeScenario.js';
import { tempDir } from '../helpers/testApp.js';

const ROUNDS = 20;

const dataDir = tempDir('principes-merge-kill-');
const repoDir = path.join(dataDir, 'documents', `${DOC}.git`);

const serverPid = (): number => serverPidOf(dataDir);

afterAll(() => killServerAndRemove(dataDir));

let secretary: Person;
let amendments: AmendmentRecord[] = [];
/** Amendment number by the revision commit a merge would take as its second parent. */
const byRevision = new Map<string, number>();

beforeAll(async () => {
  const stores = await seededStore(dataDir);
  secretary = await person(stores, 'secretaris', 'Sec Retaris');
  const proposer = await person(stores, 'werkgroeplid', 'Werk Groeplid');
  amendments = await newPrincipleAmendments(stores, proposer, 'kill', 120);
  for (const a of amendments) byRevision.set(a.revisies[0]?.commit ?? '', a.nummer);
}, 120_000);

const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim();
const records = () => readAmendmentFiles(dataDir);
function audit(): AuditEntry[] {
  const parsed = parseJsonLines(fs.readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8'));
  expect(parsed.error).toBeUndefined();
  expect(verifyChain(parsed.entries).ok).toBe(true);
  return parsed.entries as AuditEntry[];
}

interface Acknowledged {
  merged: Set<number>;
  named: Set<string>;
  /** When the merges of the current round were answered (Date.now()). */
  roundMerges: number[];
  deciderDone: boolean;
}

function post(server: RunningServer, url: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/documenten/${DOC}${url}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretary.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
const decide = (server: RunningServer, a: AmendmentRecord) =>
  post(server, `/amendementen/${a.nummer}/besluit`, { besluit: 'overnemen', reden: `Overgenomen in de kill-test (${a.nummer}).`, verwachteRevisie: a.revisies[0]?.commit });

let nextMinor = 1;

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}
let killed = false;

/** Decides the open amendments one after another and names versions in between, until the kill. */
function fire(server: RunningServer, ack: Acknowledged): Promise<void> {
  const open = new Set(records().filter((r) => r.status === 'ingediend').map((r) => r.nummer));
  ack.roundMerges = [];
  ack.deciderDone = false;
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      // After the kill every request fails at the connection (or mid-answer): that ends the worker.
      if (!killed) throw e;
    }
  };
  const decider = guard(async () => {
    for (const a of amendments) {
      if (killed) return;
      if (!open.has(a.nummer)) continue;
      const res = await decide(server, a);
      const text = await res.text();
      if (res.status === 200) {
        ack.merged.add(a.nummer);
        ack.roundMerges.push(Date.now());
      } else if (!killed) throw new Error(`deciding ${a.nummer} answered ${res.status}: ${text}`);
    }
    ack.deciderDone = true;
  });
  const namer = guard(async () => {
    while (!killed) {
      const naam = `1.${nextMinor}`;
      const res = await post(server, '/versies', { naam, toelichting: `Versie ${naam} uit de kill-test.` });
      const text = await res.text();
      if (res.status === 201) {
        ack.named.add(naam);
        nextMinor += 1;
      } else if (res.status === 409 && text.includes('bestaat al')) nextMinor += 1; // named by a naming the kill interrupted
      // Another 409: the draft is still the newest version's text (nothing merged since); try again later.
      else if (res.status !== 409 && !killed) throw new Error(`naming ${naam} answered ${res.status}: ${text}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  });
  return Promise.all([decider, namer]).then(() => undefined);
}

describe('merges and namings survive SIGKILL at random moments', () => {
  it(`keeps git, the records and the audit log in agreement over ${ROUNDS} kills`, async () => {
    const ack: Acknowledged = { merged: new Set(), named: new Set(), roundMerges: [], deciderDone: false };
    const repairs = { completed: 0, decisionAudit: 0, namingAudit: 0 };
    const countRepairs = (output: string) => {
      repairs.completed += (output.match(/the decision to merge was completed from merge commit/g) ?? []).length;
      repairs.decisionAudit += (output.match(/added the missing audit entry of its decision/g) ?? []).length;
      repairs.namingAudit += (output.match(/Added the missing audit entry of the naming/g) ?? []).length;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServer({ DATA_DIR: dataDir, MIN_APPROVALS: '0' });
      countRepairs(server.output());
      killed = false;
      const exited = new Promise<void>((resolve) => server.child.on('exit', () => resolve()));
      const firing = fire(server, ack);
      // Kill while a merge is running, whatever the machine's speed: after the round's second merge was
      // answered, at a uniformly random moment within the time the second one took.
      await until(() => ack.roundMerges.length >= 2 || ack.deciderDone, 60_000);
      const [first = 0, second = 0] = ack.roundMerges;
      await new Promise((r) => setTimeout(r, Math.random() * (second - first)));
      const pid = serverPid();
      killed = true;
      process.kill(pid, 'SIGKILL');
      await exited;
      await firing;
      expect(isAlive(pid)).toBe(false);
    }

    const server = await startServer({ DATA_DIR: dataDir, MIN_APPROVALS: '0' });
    countRepairs(server.output());
    const all = new Map(records().map((r) => [r.nummer, r]));
    const merges = git('log', '--first-parent', '--merges', '--format=%H %P', 'main')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [oid = '', , second = ''] = l.split(' ');
        return { oid, nummer: byRevision.get(second) };
      });
    try {
      // Every merge on main merged a different amendment, recorded as overgenomen with that commit.
      expect(merges.every((m) => m.nummer !== undefined)).toBe(true);
      expect(new Set(merges.map((m) => m.nummer)).size).toBe(merges.length);
      for (const m of merges) expect(all.get(m.nummer as number)?.besluit?.commit, `record of the merge ${m.oid}`).toBe(m.oid);
      const overgenomen = [...all.values()].filter((r) => r.status === 'overgenomen');
      expect(overgenomen.length).toBe(merges.length);
      // Each round merged at least twice before its kill, so the kills did land among merges.
      expect(merges.length).toBeGreaterThanOrEqual(2 * ROUNDS);
      for (const n of ack.merged) expect(all.get(n)?.status, `acknowledged decision on ${n}`).toBe('overgenomen');

      // Deciding any merged amendment again is 409 and changes nothing on main.
      const head = git('rev-parse', 'main');
      for (const r of overgenomen.slice(0, 10)) {
        const res = await decide(server, amendments.find((a) => a.nummer === r.nummer) as AmendmentRecord);
        await res.arrayBuffer();
        expect(res.status).toBe(409);
      }
      expect(git('rev-parse', 'main')).toBe(head);

      // Exactly one audit entry per merge and per naming.
      const entries = audit();
      for (const m of merges) {
        const about = entries.filter((e) => e.actie === 'amendement-overgenomen' && e.object.id === `${DOC}#${m.nummer}`);
        expect(about.map((e) => e.gegevens?.commit), `audit of amendment ${m.nummer}`).toEqual([m.oid]);
      }
      const tags = git('tag', '--list').split('\n').filter((t) => t !== '' && t !== 'v1.0');
      for (const naam of ack.named) expect(tags, `acknowledged naming ${naam}`).toContain(`v${naam}`);
      for (const tag of tags) {
        expect(entries.filter((e) => e.actie === 'versie-benoemd' && e.object.id === `${DOC}@${tag.slice(1)}`), `audit of ${tag}`).toHaveLength(1);
      }
      console.log(
        `${ROUNDS} kills: ${merges.length} merges (${ack.merged.size} answered before a kill), ${tags.length} versions named (${ack.named.size} answered); ` +
          `repaired at start: ${repairs.completed} decisions completed from their merge, ${repairs.decisionAudit} decision audit entries, ${repairs.namingAudit} naming audit entries`,
      );
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    git('fsck', '--strict', '--no-dangling');
    // The store opens without damage (chain, head file, every file and object).
    await openStores(dataDir);
  }, 240_000);
});
