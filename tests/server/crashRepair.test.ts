/**
 * The exact states a SIGKILL can leave in the middle of a merge or a naming, made deterministic with
 * the real server process: the write is done over HTTP, the server is stopped, and the files that the
 * later steps of the write had changed (the amendment's file, audit.jsonl and its head file) are put
 * back as they were before it, while git keeps what was written first. The next start must complete
 * the record and the audit entry (marked `hersteld`), and deciding again must never merge twice.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { parseJsonLines, verifyChain, type AuditEntry } from '../../src/domain/auditChain.js';
import { amendmentFileName, readAmendmentFile } from '../helpers/amendmentFiles.js';
import { startServer, type RunningServer } from '../helpers/serverProcess.js';
import { DOC, newPrincipleAmendments, person, seededStore, type Person } from '../helpers/storeScenario.js';
import { tempDir } from '../helpers/testApp.js';

const dataDir = tempDir('principes-crash-repair-');
const repoDir = path.join(dataDir, 'documents', `${DOC}.git`);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

let secretary: Person;
let amendments: AmendmentRecord[] = [];

beforeAll(async () => {
  const stores = await seededStore(dataDir);
  secretary = await person(stores, 'secretaris', 'Sec Retaris');
  const proposer = await person(stores, 'werkgroeplid', 'Werk Groeplid');
  amendments = await newPrincipleAmendments(stores, proposer, 'herstel', 3);
});

const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim();

/** The files written after git by a decision on amendment `nummer`. */
const laterFiles = (nummer: number) => [amendmentFileName(DOC, nummer), 'audit.jsonl', 'audit-kop.json'];
function save(files: string[]): Map<string, Buffer> {
  return new Map(files.filter((f) => fs.existsSync(path.join(dataDir, f))).map((f) => [f, fs.readFileSync(path.join(dataDir, f))]));
}
function restore(saved: Map<string, Buffer>): void {
  for (const [f, bytes] of saved) fs.writeFileSync(path.join(dataDir, f), bytes);
}

function audit(): AuditEntry[] {
  const parsed = parseJsonLines(fs.readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8'));
  expect(verifyChain(parsed.entries).ok).toBe(true);
  return parsed.entries as AuditEntry[];
}
function record(nummer: number): AmendmentRecord {
  return readAmendmentFile(dataDir, DOC, nummer);
}

function post(server: RunningServer, url: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/documenten/${DOC}${url}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretary.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
const decide = (server: RunningServer, a: AmendmentRecord) =>
  post(server, `/amendementen/${a.nummer}/besluit`, { besluit: 'overnemen', reden: `Reden voor ${a.nummer}.`, verwachteRevisie: a.revisies[0]?.commit });

/** Does `write` with a running server, stops it, and puts `files` back as they were before the write. */
async function interruptedAfterGit(files: string[], write: (server: RunningServer) => Promise<void>): Promise<void> {
  const saved = save(files);
  const server = await startServer({ DATA_DIR: dataDir, MIN_APPROVALS: '0' });
  try {
    await write(server);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
  restore(saved);
}

describe('start-up reconciliation after a write interrupted between git and the metadata', () => {
  it('a merge on main whose record and audit entry are missing: completed once, marked hersteld; deciding again is 409 and merges nothing', async () => {
    const [a] = amendments;
    if (a === undefined) throw new Error('no amendment');
    let merge = '';
    await interruptedAfterGit(laterFiles(a.nummer), async (server) => {
      const res = await decide(server, a);
      expect(res.status).toBe(200);
      merge = ((await res.json()) as { besluit: { commit: string } }).besluit.commit;
    });
    // The crash state: the merge is on main, the record is open and no audit entry names it.
    expect(git('rev-parse', 'main')).toBe(merge);
    expect(record(a.nummer).status).toBe('ingediend');
    expect(audit().filter((e) => e.actie === 'amendement-overgenomen')).toHaveLength(0);

    const server = await startServer({ DATA_DIR: dataDir, MIN_APPROVALS: '0' });
    try {
      expect(server.output()).toContain(`Repaired amendment ${DOC}#${a.nummer}: the decision to merge was completed from merge commit ${merge} on main`);
      const again = await decide(server, a);
      expect(again.status).toBe(409);
      expect(git('rev-parse', 'main')).toBe(merge);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    const completed = record(a.nummer);
    expect(completed.status).toBe('overgenomen');
    expect(completed.besluit).toMatchObject({ besluit: 'overgenomen', reden: `Reden voor ${a.nummer}.`, commit: merge, hersteld: true, door: { gebruiker: secretary.user.id, naam: 'Sec Retaris' } });
    const entries = audit().filter((e) => e.actie === 'amendement-overgenomen' && e.object.id === `${DOC}#${a.nummer}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.gegevens).toMatchObject({ commit: merge, revisie: a.revisies[0]?.commit, hersteld: true });
    expect(entries[0]?.actor.id).toBe(secretary.user.id);
    expect(git('log', '--merges', '--format=%H', 'main').split('\n')).toEqual([merge]);
  }, 60_000);

  it('a recorded decision without its audit entry: the entry is added, marked hersteld', async () => {
    const b = amendments[1];
    if (b === undefined) throw new Error('no amendment');
    await interruptedAfterGit(['audit.jsonl', 'audit-kop.json'], async (server) => {
      expect((await decide(server, b)).status).toBe(200);
    });
    expect(record(b.nummer).status).toBe('overgenomen');
    const server = await startServer({ DATA_DIR: dataDir, MIN_APPROVALS: '0' });
    try {
      expect(server.output()).toContain(`Repaired amendment ${DOC}#${b.nummer}: added the missing audit entry of its decision (overgenomen)`);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    const entries = audit().filter((e) => e.actie === 'amendement-overgenomen' && e.object.id === `${DOC}#${b.nummer}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.gegevens).toMatchObject({ commit: record(b.nummer).besluit?.commit, hersteld: true });
  }, 60_000);

  it('a version tag without its audit entry: the naming is added, marked hersteld', async () => {
    await interruptedAfterGit(['audit.jsonl', 'audit-kop.json'], async (server) => {
      expect((await post(server, '/versies', { naam: '1.1', toelichting: 'Na twee amendementen.' })).status).toBe(201);
    });
    expect(audit().some((e) => e.actie === 'versie-benoemd')).toBe(false);
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      expect(server.output()).toContain(`Added the missing audit entry of the naming of version ${DOC}@1.1`);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    const entries = audit().filter((e) => e.actie === 'versie-benoemd');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ object: { soort: 'versie', id: `${DOC}@1.1` }, actor: { id: secretary.user.id }, gegevens: { commit: git('rev-parse', 'v1.1^{commit}'), tag: git('rev-parse', 'v1.1'), hersteld: true } });
    // A restart after the repairs finds nothing more to do, and git is clean.
    const again = await startServer({ DATA_DIR: dataDir });
    try {
      expect(again.output()).not.toMatch(/Repaired|Added the missing/);
    } finally {
      expect(await again.stop('SIGTERM')).toBe(0);
    }
    git('fsck', '--strict', '--no-dangling');
  }, 60_000);
});
