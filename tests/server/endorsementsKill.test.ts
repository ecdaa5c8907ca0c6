/**
 * Crash safety of endorsements with the real server process: representatives endorse and withdraw
 * continuously, the process is killed with SIGKILL while writes are in flight, and a restart on the
 * same DATA_DIR must hold every endorsement (and every withdrawal) that was answered before the kill,
 * with a valid store: the log opens without damage, one active endorsement per organisation and
 * version, every endorsement in the audit log, and the audit chain and the public export verify.
 * Done twice (kill, restart, fire again, kill, restart).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { toCurrentUser } from '../../src/queries/accountQueries.js';
import { nameVersion } from '../../src/commands/versions/nameVersion.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { parseJsonLines, verifyChain, verifyExport, type AuditEntry } from '../../src/domain/auditChain.js';
import { LETTER_ENDORSERS } from '../../src/commands/endorsements/seedEndorsements.js';
import { EndorsementLog } from '../../src/storage/endorsementLog.js';
import { openStores } from '../../src/storage/stores.js';
import { endorsementBody, quickRepresentatives, type QuickRepresentative } from '../helpers/representatives.js';
import { isAlive, killServerAndRemove, serverPidOf, startServer, type RunningServer } from '../helpers/serverProcess.js';
import { editDraft, ADMIN_EMAIL, ADMIN_PASSWORD, tempDir } from '../helpers/testApp.js';

const dataDir = tempDir('principes-kill-');

/**
 * The pid of the server process itself. `startServer` runs it through the tsx wrapper, which starts
 * the server as its own child: a SIGKILL to the wrapper would leave the server running. The server
 * writes its pid into the data folder's lock file, so that is the process we kill.
 */
const serverPid = (): number => serverPidOf(dataDir);

afterAll(() => killServerAndRemove(dataDir));

let reps: QuickRepresentative[] = [];

beforeAll(async () => {
  const stores = await openStores(dataDir);
  await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
  const fromLetter = new Set(LETTER_ENDORSERS.map((e) => e.code));
  const codes = stores.db.data.organisaties.filter((o) => o.type === 'gemeente' && !fromLetter.has(o.code)).slice(0, 24).map((o) => o.code);
  reps = await quickRepresentatives(stores, codes);
  // A second named version for the second round.
  const adminRecord = stores.db.data.gebruikers.find((u) => u.email === ADMIN_EMAIL);
  if (!adminRecord) throw new Error('no administrator');
  await editDraft(stores.documents);
  await nameVersion(stores, toCurrentUser(stores.db.data, adminRecord, 'token'), 'digitale-stad', { naam: '1.1', toelichting: 'Tweede ronde.' });
});

interface Acknowledged {
  endorsed: Map<string, { code: string; versie: string }>;
  withdrawn: Set<string>;
}

/**
 * Every representative, in a loop until the connection dies: endorse `versie`, then withdraw it.
 * Records what the server answered with 201 (endorsed) and 200 (withdrawn).
 */
function fire(server: RunningServer, versie: string, ack: Acknowledged): { stop: () => void; done: Promise<void> } {
  let stopped = false;
  const post = (url: string, token: string, body: unknown) =>
    fetch(`${server.baseUrl}${url}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const worker = async (rep: QuickRepresentative, n: number) => {
    for (let i = 0; !stopped; i++) {
      try {
        const res = await post(`/api/v1/documenten/digitale-stad/versies/${versie}/onderschrijvingen`, rep.token, endorsementBody(n * 10_000 + i));
        const body = (await res.json()) as { id?: string };
        if (res.status !== 201 || body.id === undefined) throw new Error(`endorse answered ${res.status}: ${JSON.stringify(body)}`);
        ack.endorsed.set(body.id, { code: rep.code, versie });
        const out = await post(`/api/v1/documenten/digitale-stad/onderschrijvingen/${body.id}/intrekking`, rep.token, { reden: `Ronde ${i}.` });
        await out.arrayBuffer();
        if (out.status !== 200) throw new Error(`withdraw answered ${out.status}`);
        ack.withdrawn.add(body.id);
      } catch (e) {
        // After the kill every request fails at the connection (or mid-answer): that ends the worker.
        if (stopped || killed) return;
        throw e;
      }
    }
  };
  const done = Promise.all(reps.map((r, n) => worker(r, n))).then(() => undefined);
  return { stop: () => (stopped = true), done };
}

/** Set just before the SIGKILL: from then on, failed requests are expected. */
let killed = false;

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Fires until enough was acknowledged, then SIGKILLs the process with requests in flight. */
async function killWhileWriting(versie: string, ack: Acknowledged, minimum: number): Promise<Acknowledged> {
  const server = await startServer({ DATA_DIR: dataDir });
  killed = false;
  const firing = fire(server, versie, ack);
  const before = ack.endorsed.size;
  await until(() => ack.endorsed.size - before >= minimum, 60_000);
  const exited = new Promise<void>((resolve) => server.child.on('exit', () => resolve()));
  const pid = serverPid();
  killed = true;
  process.kill(pid, 'SIGKILL');
  await exited;
  expect(isAlive(pid)).toBe(false);
  firing.stop();
  await firing.done;
  return ack;
}

async function checkStore(server: RunningServer, ack: Acknowledged): Promise<void> {
  // Every endorsement answered 201, and every withdrawal answered 200, is there.
  const res = await fetch(`${server.baseUrl}/api/v1/documenten/digitale-stad/onderschrijvingen?formaat=json&limit=100`);
  expect(res.status).toBe(200);
  const items: { id: string; status: string; organisatie: { code: string }; versie: string }[] = [];
  let url: string | null = '/api/v1/documenten/digitale-stad/onderschrijvingen?limit=100';
  while (url !== null) {
    const page = (await (await fetch(`${server.baseUrl}${url}`)).json()) as { items: typeof items; volgende: string | null };
    items.push(...page.items);
    url = page.volgende === null ? null : `/api/v1/documenten/digitale-stad/onderschrijvingen?limit=100&cursor=${page.volgende}`;
  }
  const byId = new Map(items.map((e) => [e.id, e]));
  for (const [id, { code, versie }] of ack.endorsed) {
    const found = byId.get(id);
    expect(found, `acknowledged endorsement ${id} of ${code}`).toBeDefined();
    expect(found?.organisatie.code).toBe(code);
    expect(found?.versie).toBe(versie);
  }
  for (const id of ack.withdrawn) expect(byId.get(id)?.status, `acknowledged withdrawal of ${id}`).toBe('ingetrokken');
  const unacknowledged = items.filter((e) => !ack.endorsed.has(e.id)).length - 8;
  const repaired = (server.output().match(/Added the missing audit entry/g) ?? []).length;
  console.log(`after restart: ${items.length} endorsements; ${unacknowledged} stored but never answered (in flight at the kill); ${repaired} audit entries repaired at start`);
  // One active endorsement per organisation and version at most.
  const active = items.filter((e) => e.status === 'actief').map((e) => `${e.organisatie.code}@${e.versie}`);
  expect(new Set(active).size).toBe(active.length);

  // The log file opens cleanly (the restart already cut off a torn line, if there was one).
  const { log, report } = EndorsementLog.openWithReport(path.join(dataDir, 'onderschrijvingen.jsonl'));
  expect(report.cutBytes).toBe(0);
  expect(log.all().map((e) => e.id)).toEqual(items.map((e) => e.id));

  // The audit chain verifies, holds every endorsement and withdrawal, and so does the export.
  const parsed = parseJsonLines(fs.readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8'));
  expect(parsed.error).toBeUndefined();
  expect(verifyChain(parsed.entries).ok).toBe(true);
  const entries = parsed.entries as AuditEntry[];
  const endorsedInAudit = new Set(entries.filter((e) => e.actie === 'onderschrijving-vastgelegd').map((e) => e.object.id));
  const withdrawnInAudit = new Set(entries.filter((e) => e.actie === 'onderschrijving-ingetrokken').map((e) => e.object.id));
  for (const e of log.all()) {
    expect(endorsedInAudit.has(e.id), `audit entry of ${e.id}`).toBe(true);
    if (e.status === 'ingetrokken') expect(withdrawnInAudit.has(e.id), `audit entry of the withdrawal of ${e.id}`).toBe(true);
  }
  const exported = await (await fetch(`${server.baseUrl}/api/v1/documenten/digitale-stad/onderschrijvingen/audit`)).json();
  expect(verifyExport(exported).ok).toBe(true);
}

describe('endorsements survive SIGKILL of the server', () => {
  it('keeps everything answered before the kill, twice, and the store stays valid', async () => {
    const ack: Acknowledged = { endorsed: new Map(), withdrawn: new Set() };

    await killWhileWriting('1.0', ack, 150);
    const second = await startServer({ DATA_DIR: dataDir });
    try {
      await checkStore(second, ack);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }

    await killWhileWriting('1.1', ack, 150);
    const third = await startServer({ DATA_DIR: dataDir });
    try {
      await checkStore(third, ack);
      console.log(`acknowledged before the kills: ${ack.endorsed.size} endorsements, ${ack.withdrawn.size} withdrawals`);
    } finally {
      expect(await third.stop('SIGTERM')).toBe(0);
    }
  }, 180_000);
});
