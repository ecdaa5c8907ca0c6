/**
 * Starts that must not succeed, with the real server process: a taken port, and a store that holds
 * documents but lost, cut or altered one of its files or git objects. Each must stop with exit code 1
 * and one line that names the file or object and says what to do, without a stack trace, and must
 * leave every file exactly as it was (no reseeding, no fresh administrator, no repair of a damaged
 * log). READ_ONLY=1 starts such a store for inspection, refusing every write with 503. A new store is
 * seeded; a first start that was interrupted is completed at the next start.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAmendment } from '../../src/commands/amendments/decideAmendment.js';
import { importSeedDocuments } from '../../src/commands/documents/importSeedDocuments.js';
import { nameVersion } from '../../src/commands/versions/nameVersion.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { openStores } from '../../src/storage/stores.js';
import { amendmentFile, amendmentFileName } from '../helpers/amendmentFiles.js';
import { runServerToExit, startServer } from '../helpers/serverProcess.js';
import { DOC, newPrincipleAmendments, person, seededStore, snapshotDir, type Person } from '../helpers/storeScenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, tempDir } from '../helpers/testApp.js';

const root = tempDir('principes-refusals-');
const template = path.join(root, 'template');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let secretary: Person;
let olderDb: Buffer;
let mergeCommit: string;
let newBlob: string;
/** Amendment 1's file before it was decided. */
let olderAmendment: Buffer;

beforeAll(async () => {
  const stores = await seededStore(template);
  olderDb = fs.readFileSync(path.join(template, 'db.json'));
  secretary = await person(stores, 'secretaris', 'Sec Retaris');
  const proposer = await person(stores, 'werkgroeplid', 'Werk Groeplid');
  const [first] = await newPrincipleAmendments(stores, proposer, 'schade', 2);
  if (first === undefined) throw new Error('no amendment');
  olderAmendment = fs.readFileSync(amendmentFile(template, DOC, first.nummer));
  const decided = await decideAmendment(stores, secretary.user, DOC, first.nummer, { besluit: 'overnemen', reden: 'Goed.', verwachteRevisie: first.revisies[0]?.commit }, { minApprovals: 0 });
  mergeCommit = decided.besluit?.commit ?? '';
  await nameVersion(stores, secretary.user, DOC, { naam: '1.1', toelichting: 'Met het nieuwe principe.' });
  newBlob = (await stores.documents.get(DOC).blobOid(mergeCommit, '50-schade-1.md')) ?? '';
});

let copies = 0;
function copyOfTemplate(): string {
  copies += 1;
  const dir = path.join(root, `store-${copies}`);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

const repoDir = (dir: string) => path.join(dir, 'documents', `${DOC}.git`);
const objectFile = (dir: string, oid: string) => path.join(repoDir(dir), 'objects', oid.slice(0, 2), oid.slice(2));
const auditLines = (dir: string) => fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
const writeAudit = (dir: string, lines: string[]) => fs.writeFileSync(path.join(dir, 'audit.jsonl'), `${lines.join('\n')}\n`);

interface Damage {
  name: string;
  damage: (dir: string) => void;
  /** The file or folder the message must name (relative to the data folder). */
  names: string;
  says: RegExp;
}

const DAMAGES: Damage[] = [
  { name: 'db.json missing', damage: (d) => fs.rmSync(path.join(d, 'db.json')), names: 'db.json', says: /is missing/ },
  { name: 'db.json is null', damage: (d) => fs.writeFileSync(path.join(d, 'db.json'), 'null'), names: 'db.json', says: /holds null instead of a JSON object/ },
  {
    name: 'db.json without gebruikers',
    damage: (d) => {
      const data = JSON.parse(fs.readFileSync(path.join(d, 'db.json'), 'utf8')) as Record<string, unknown>;
      delete data.gebruikers;
      fs.writeFileSync(path.join(d, 'db.json'), JSON.stringify(data));
    },
    names: 'db.json',
    says: /has no "gebruikers"/,
  },
  {
    name: 'db.json cut in half (not JSON)',
    damage: (d) => fs.truncateSync(path.join(d, 'db.json'), Math.floor(fs.statSync(path.join(d, 'db.json')).size / 2)),
    names: 'db.json',
    says: /is not valid JSON/,
  },
  { name: 'db.json replaced by an older copy', damage: (d) => fs.writeFileSync(path.join(d, 'db.json'), olderDb), names: 'db.json', says: /lacks the account gbr_[\w-]+ that audit entry \d+ records/ },
  { name: 'the amendments folder missing', damage: (d) => fs.rmSync(path.join(d, 'amendementen'), { recursive: true }), names: 'amendementen', says: /is missing/ },
  {
    name: "an amendment's file missing",
    damage: (d) => fs.rmSync(amendmentFile(d, DOC, 2)),
    names: amendmentFileName(DOC, 2),
    says: new RegExp(`is missing: audit entry \\d+ records amendment ${DOC}#2 \\(amendement-ingediend\\)`),
  },
  {
    name: "an amendment's file cut in half (not JSON)",
    damage: (d) => fs.truncateSync(amendmentFile(d, DOC, 2), Math.floor(fs.statSync(amendmentFile(d, DOC, 2)).size / 2)),
    names: amendmentFileName(DOC, 2),
    says: /is not valid JSON/,
  },
  {
    name: "an amendment's file holding something else",
    damage: (d) => fs.writeFileSync(amendmentFile(d, DOC, 2), JSON.stringify({ amendementen: [] })),
    names: amendmentFileName(DOC, 2),
    says: /is not an amendment record: it has no document and number/,
  },
  {
    name: "an amendment's file holding another amendment",
    damage: (d) => fs.copyFileSync(amendmentFile(d, DOC, 2), amendmentFile(d, DOC, 1)),
    names: amendmentFileName(DOC, 1),
    says: new RegExp(`holds amendment ${DOC}#2 instead of ${DOC}#1`),
  },
  {
    name: "an amendment's file replaced by an older copy",
    damage: (d) => fs.writeFileSync(amendmentFile(d, DOC, 1), olderAmendment),
    names: amendmentFileName(DOC, 1),
    says: new RegExp(`has amendment ${DOC}#1 as "ingediend", but audit entry \\d+ records its decision "overgenomen"`),
  },
  {
    name: 'an old amendementen.json put back beside the amendments folder',
    damage: (d) => fs.writeFileSync(path.join(d, 'amendementen.json'), JSON.stringify({ amendementen: [] })),
    names: 'amendementen.json',
    says: /is there beside the folder .*amendementen that replaced it/,
  },
  { name: 'onderschrijvingen.jsonl missing', damage: (d) => fs.rmSync(path.join(d, 'onderschrijvingen.jsonl')), names: 'onderschrijvingen.jsonl', says: /is missing/ },
  {
    name: 'onderschrijvingen.jsonl cut off (whole lines)',
    damage: (d) => {
      const file = path.join(d, 'onderschrijvingen.jsonl');
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
      fs.writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    },
    names: 'onderschrijvingen.jsonl',
    says: /lacks the endorsement ond_[\w-]+ that audit entry \d+ records/,
  },
  {
    name: 'a message of the mail queue cut in half',
    damage: (d) => fs.writeFileSync(path.join(d, 'mailwachtrij', 'mai_AAAAAAAAAAAAAAAAAAAAAA.json'), '{"v":1,"id":"mai_AAAA'),
    names: 'mailwachtrij/mai_AAAAAAAAAAAAAAAAAAAAAA.json',
    says: /is not valid JSON/,
  },
  { name: 'audit.jsonl missing', damage: (d) => fs.rmSync(path.join(d, 'audit.jsonl')), names: 'audit.jsonl', says: /is missing/ },
  {
    name: 'audit.jsonl cut in half',
    damage: (d) => fs.truncateSync(path.join(d, 'audit.jsonl'), Math.floor(fs.statSync(path.join(d, 'audit.jsonl')).size / 2)),
    names: 'audit.jsonl',
    says: /ends at entry \d+, but entry \d+ was written earlier .*cut off its end/,
  },
  {
    name: 'audit.jsonl: whole entries cut off its end',
    damage: (d) => writeAudit(d, auditLines(d).slice(0, -3)),
    names: 'audit.jsonl',
    says: /cut off its end/,
  },
  {
    name: 'audit.jsonl: an entry altered',
    damage: (d) => {
      const lines = auditLines(d);
      lines[2] = (lines[2] ?? '').replace('"Systeem"', '"Iemand anders"');
      writeAudit(d, lines);
    },
    names: 'audit.jsonl',
    says: /hash chain is broken at entry 3 \(line 3\)/,
  },
  {
    name: 'audit.jsonl: an entry removed from the middle',
    damage: (d) => {
      const lines = auditLines(d);
      lines.splice(4, 1);
      writeAudit(d, lines);
    },
    names: 'audit.jsonl',
    says: /hash chain is broken at entry 5/,
  },
  {
    name: 'audit.jsonl: an entry that is not an audit entry',
    damage: (d) => {
      const lines = auditLines(d);
      lines[1] = '{"volgnummer":2}';
      writeAudit(d, lines);
    },
    names: 'audit.jsonl',
    says: /line 2 \(entry 2\) is not an audit entry/,
  },
  { name: 'refs/heads/main removed', damage: (d) => fs.rmSync(path.join(repoDir(d), 'refs', 'heads', 'main')), names: `documents/${DOC}.git`, says: /has no branch main \(refs\/heads\/main/ },
  {
    name: 'the merge commit object removed',
    damage: (d) => fs.rmSync(objectFile(d, mergeCommit)),
    names: `documents/${DOC}.git`,
    says: /git object [0-9a-f]{40} \(a commit reachable from refs\/(heads\/main|tags\/v1\.1)\) is missing or damaged/,
  },
  {
    name: 'a file object of the draft removed',
    damage: (d) => fs.rmSync(objectFile(d, newBlob)),
    names: `documents/${DOC}.git`,
    says: /git object [0-9a-f]{40} \(50-schade-1\.md in refs\/(heads\/main|tags\/v1\.1)\) is missing or damaged/,
  },
  {
    name: 'the tag object of version 1.1 removed',
    damage: (d) => {
      const tagOid = fs.readFileSync(path.join(repoDir(d), 'refs', 'tags', 'v1.1'), 'utf8').trim();
      fs.rmSync(objectFile(d, tagOid));
    },
    names: `documents/${DOC}.git`,
    says: /git object [0-9a-f]{40} \(the tag refs\/tags\/v1\.1\) is missing or damaged/,
  },
];

describe('a damaged store refuses to start, names what is damaged, and changes nothing', () => {
  it.each(DAMAGES)('$name', async ({ damage, names, says }) => {
    const dir = copyOfTemplate();
    damage(dir);
    const before = snapshotDir(dir);
    const { code, output } = await runServerToExit({ DATA_DIR: dir });
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines, output).toHaveLength(1);
    expect(lines[0]).toContain(`Could not start: Damaged store: ${path.join(dir, names)}`);
    expect(lines[0]).toMatch(says);
    expect(lines[0]).toContain('Restore the data folder from a backup');
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain('listening on');
    // Nothing reseeded, recreated, cut or repaired; the lock is released.
    expect(snapshotDir(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  }, 30_000);
});

describe('READ_ONLY=1 opens a damaged store for inspection', () => {
  it('starts, lists what is damaged, serves the texts, answers every write with 503, and changes nothing', async () => {
    const dir = copyOfTemplate();
    const lines = auditLines(dir);
    lines[2] = (lines[2] ?? '').replace('"Systeem"', '"Iemand anders"');
    writeAudit(dir, lines);
    const before = snapshotDir(dir);
    const server = await startServer({ DATA_DIR: dir, READ_ONLY: '1' });
    try {
      expect(server.output()).toContain('READ ONLY');
      expect(server.output()).toMatch(/WARNING: Damaged store: .*audit\.jsonl: the hash chain is broken at entry 3/);
      expect((await fetch(`${server.baseUrl}/`)).status).toBe(200);
      const v11 = await fetch(`${server.baseUrl}/api/v1/documenten/${DOC}/versies/1.1`);
      expect(v11.status).toBe(200);
      expect(((await v11.json()) as { principes: unknown[] }).principes).toHaveLength(5);

      const signIn = await fetch(`${server.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }) });
      expect(signIn.status).toBe(503);
      expect(signIn.headers.get('content-type')).toContain('application/problem+json');
      expect(((await signIn.json()) as { code: string }).code).toBe('read_only');
      const naming = await fetch(`${server.baseUrl}/api/v1/documenten/${DOC}/versies`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secretary.token}` },
        body: JSON.stringify({ naam: '1.2', toelichting: 'Mag niet.' }),
      });
      expect(naming.status).toBe(503);
      const page = await fetch(`${server.baseUrl}/aanmelden`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const form = await fetch(`${server.baseUrl}/aanmelden`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ _csrf: csrf, email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).toString(),
      });
      expect(form.status).toBe(503);
      expect(await form.text()).toContain('alleen te raadplegen');
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(snapshotDir(dir)).toEqual(before);
  }, 60_000);

  it('a store missing db.json starts read-only with no accounts and the texts intact', async () => {
    const dir = copyOfTemplate();
    fs.rmSync(path.join(dir, 'db.json'));
    const before = snapshotDir(dir);
    const server = await startServer({ DATA_DIR: dir, READ_ONLY: '1' });
    try {
      expect(server.output()).toMatch(/WARNING: Damaged store: .*db\.json: is missing/);
      expect((await fetch(`${server.baseUrl}/api/v1/documenten/${DOC}`)).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(snapshotDir(dir)).toEqual(before);
  }, 60_000);
});

describe('seeding happens only while the first start is not complete', () => {
  it('completes a first start that was interrupted after the import, once', async () => {
    const dir = path.join(root, 'interrupted');
    // What a kill during the first start can leave: the store files and the imported document, nothing else.
    const stores = await openStores(dir);
    await importSeedDocuments(stores.documents, path.join(PROJECT_ROOT, 'principles'));
    const first = await startServer({ DATA_DIR: dir, BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    try {
      expect(first.output()).toContain(`Created the administrator ${ADMIN_EMAIL}`);
      expect(first.output()).toContain('Seeded 344 organisations');
      expect(first.output()).toContain('Seeded 8 endorsements');
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    const entries = auditLines(dir).map((l) => JSON.parse(l) as { actie: string });
    expect(entries.filter((e) => e.actie === 'opslag-ingericht')).toHaveLength(1);
    const again = await startServer({ DATA_DIR: dir });
    try {
      expect(again.output()).not.toMatch(/Created|Seeded|Imported/);
    } finally {
      expect(await again.stop('SIGTERM')).toBe(0);
    }
  }, 60_000);
});

describe('the port', () => {
  it('refuses to start when the port is taken: one line, exit 1, no "listening"', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dir = copyOfTemplate();
      const { code, output } = await runServerToExit({ DATA_DIR: dir, PORT: String(port) });
      expect(code).toBe(1);
      expect(output).not.toContain('listening on');
      expect(output.trim().split('\n')).toEqual([`Could not start: The port ${port} on 127.0.0.1 is already in use by another program: stop that program, or choose another port with PORT (PORT=0 picks a free one).`]);
      expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 30_000);
});
