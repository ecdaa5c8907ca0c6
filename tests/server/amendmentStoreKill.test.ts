/**
 * Crash safety of the amendment store with the real server process, killed with SIGKILL at random
 * moments:
 * - while amendment writes run (comments on several amendments at once): after the restart every
 *   comment that was answered 201 is in its amendment's file with its audit entry, every file reads,
 *   the temporary files of the interrupted writes are gone, and the store opens without damage;
 * - while a store of the old layout (`amendementen.json`, 300 amendments) is being converted: the next
 *   start completes the conversion, every record is there unchanged, and the old file is kept as it was.
 */
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

const root = tempDir('principes-amendment-kill-');
const liveDir = path.join(root, 'live');
afterAll(() => {
  for (const d of fs.readdirSync(root)) killServerAndRemove(path.join(root, d));
  fs.rmSync(root, { recursive: true, force: true });
});

function audit(dir: string): AuditEntry[] {
  const parsed = parseJsonLines(fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8'));
  expect(verifyChain(parsed.entries).ok).toBe(true);
  return parsed.entries as AuditEntry[];
}

function temporaryFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(path.join(d, e.name));
      else if (e.name.endsWith('.tmp')) out.push(path.join(d, e.name));
    }
  };
  visit(path.join(dir, 'amendementen'));
  return out;
}

async function killNow(dir: string, server: RunningServer): Promise<void> {
  const exited = new Promise<void>((resolve) => (server.child.exitCode !== null ? resolve() : server.child.on('exit', () => resolve())));
  const pid = serverPidOf(dir);
  process.kill(pid, 'SIGKILL');
  await exited;
  expect(isAlive(pid)).toBe(false);
}

describe('amendment writes survive SIGKILL at random moments', () => {
  let commenter: Person;
  let amendments: AmendmentRecord[] = [];
  beforeAll(async () => {
    const stores = await seededStore(liveDir);
    commenter = await person(stores, 'werkgroeplid', 'Re Ageerder');
    const proposer = await person(stores, 'werkgroeplid', 'Werk Groeplid');
    amendments = await newPrincipleAmendments(stores, proposer, 'kill', 6);
  }, 60_000);

  it('keeps every answered comment, with its audit entry, over 6 kills; no torn or temporary files remain', async () => {
    const acknowledged = new Map<string, number>();
    for (let round = 0; round < 6; round++) {
      const server = await startServer({ DATA_DIR: liveDir });
      let killed = false;
      const writer = async (a: AmendmentRecord, w: number) => {
        for (let i = 0; !killed; i++) {
          try {
            const res = await fetch(`${server.baseUrl}/api/v1/documenten/${DOC}/amendementen/${a.nummer}/reacties`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${commenter.token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ tekst: `Ronde ${round}, schrijver ${w}, reactie ${i}.` }),
            });
            const body = (await res.json()) as { id?: string };
            if (res.status !== 201) throw new Error(`comment answered ${res.status}: ${JSON.stringify(body)}`);
            acknowledged.set(body.id ?? '', a.nummer);
          } catch (e) {
            if (!killed) throw e;
          }
        }
      };
      const writing = Promise.all(amendments.map((a, w) => writer(a, w)));
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
      killed = true;
      await killNow(liveDir, server);
      await writing;
    }
    expect(acknowledged.size).toBeGreaterThan(30);

    const server = await startServer({ DATA_DIR: liveDir });
    await server.stop('SIGTERM');
    expect(temporaryFiles(liveDir)).toEqual([]);
    const records = new Map(readAmendmentFiles(liveDir).map((r) => [r.nummer, r]));
    const entries = audit(liveDir);
    const audited = new Set(entries.filter((e) => e.actie === 'amendement-reactie').map((e) => e.gegevens?.reactie));
    for (const [id, nummer] of acknowledged) {
      expect(records.get(nummer)?.reacties.some((c) => c.id === id), `comment ${id} on ${nummer}`).toBe(true);
      expect(audited.has(id), `audit entry of comment ${id}`).toBe(true);
    }
    const stores = await openStores(liveDir);
    expect(stores.amendments.all()).toEqual([...records.values()]);
  }, 180_000);
});

describe('the conversion of the old layout survives SIGKILL at random moments', () => {
  const pristine = path.join(root, 'pristine');
  let records: AmendmentRecord[] = [];
  let legacyBytes: Buffer;
  beforeAll(async () => {
    const stores = await seededStore(pristine);
    const proposer = await person(stores, 'werkgroeplid', 'Werk Groeplid');
    await newPrincipleAmendments(stores, proposer, 'omzetten', 300);
    // The same store in the old layout: one lowdb file, as JsonDb wrote it.
    records = readAmendmentFiles(pristine);
    legacyBytes = Buffer.from(JSON.stringify({ amendementen: records }, null, 2));
    fs.writeFileSync(path.join(pristine, 'amendementen.json'), legacyBytes);
    fs.rmSync(path.join(pristine, 'amendementen'), { recursive: true });
  }, 180_000);

  it('completes at the next start from wherever the kill left it, losing nothing', async () => {
    const states = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const dir = path.join(root, `conversion-${round}`);
      fs.cpSync(pristine, dir, { recursive: true });
      const starting = startServer({ DATA_DIR: dir });
      starting.catch(() => undefined);
      // Kill at a random moment once the conversion has begun (its staging folder exists).
      const staging = path.join(dir, 'amendementen.nieuw');
      const until = Date.now() + 60_000;
      while (!fs.existsSync(staging) && !fs.existsSync(path.join(dir, 'amendementen')) && Date.now() < until) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      const pid = serverPidOf(dir);
      process.kill(pid, 'SIGKILL');
      await starting.then(
        (s) => new Promise<void>((resolve) => (s.child.exitCode !== null ? resolve() : s.child.on('exit', () => resolve()))),
        () => undefined,
      );
      const state = ['amendementen.json', 'amendementen.nieuw', 'amendementen', 'amendementen.json.omgezet'].filter((f) => fs.existsSync(path.join(dir, f))).join('+');
      states.add(state);

      const server = await startServer({ DATA_DIR: dir });
      const output = server.output();
      await server.stop('SIGTERM');
      if (state.startsWith('amendementen.json+') || state === 'amendementen.json') expect(output).toMatch(/Converted amendementen\.json \(300 amendments\)/);
      else if (state.includes('amendementen.nieuw')) expect(output).toContain('Completed the conversion of amendementen.json');
      expect(readAmendmentFiles(dir)).toEqual(records);
      expect(fs.readFileSync(path.join(dir, 'amendementen.json.omgezet')).equals(legacyBytes)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'amendementen.json'))).toBe(false);
      expect(fs.existsSync(staging)).toBe(false);
      expect(temporaryFiles(dir)).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log(`conversion kill states seen: ${[...states].join(', ')}`);
  }, 240_000);
});
