/**
 * A store written before amendment metadata had one file per amendment (the fixture, written by the
 * code of that time over the HTTP API: tests/fixtures/legacy-amendment-store) opens in the current
 * service and is converted without losing anything: every record byte-for-byte the same data, every
 * answer of the API the same as before the conversion (read with READ_ONLY=1, which reads the old file
 * and converts nothing), the old file kept, the conversion said in the log once, and the store keeps
 * working. Records written before the touched sentences were kept get them at start.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { readAmendmentFiles } from '../helpers/amendmentFiles.js';
import { startServer, type RunningServer } from '../helpers/serverProcess.js';
import { snapshotDir } from '../helpers/storeScenario.js';
import { tempDir } from '../helpers/testApp.js';

const FIXTURE = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'legacy-amendment-store');
const DOC = 'digitale-stad';
const legacyBytes = fs.readFileSync(path.join(FIXTURE, 'store', 'amendementen.json'));
const legacyRecords = (JSON.parse(legacyBytes.toString('utf8')) as { amendementen: AmendmentRecord[] }).amendementen;
const people = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'people.json'), 'utf8')) as { wachtwoord: string; mensen: { key: string; email: string }[] };

const root = tempDir('principes-conversion-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let copies = 0;
function copyOfFixture(): string {
  copies += 1;
  const dir = path.join(root, `store-${copies}`);
  fs.cpSync(path.join(FIXTURE, 'store'), dir, { recursive: true });
  return dir;
}

/** Every amendment answer of the API: the list, each amendment, its revisions, and the history with the amendments' commits. */
async function answers(server: RunningServer): Promise<Map<string, unknown>> {
  const api = `${server.baseUrl}/api/v1/documenten/${DOC}`;
  const urls = [
    `${api}/amendementen?limit=50`,
    `${api}/amendementen?status=ingediend&limit=50`,
    `${api}/amendementen?bestand=03-open-en-bekende-technologie.md&limit=50`,
    `${api}/geschiedenis?weergave=alles&limit=100`,
    ...legacyRecords.flatMap((a) => [`${api}/amendementen/${a.nummer}`, `${api}/amendementen/${a.nummer}/revisies`]),
  ];
  const out = new Map<string, unknown>();
  for (const url of urls) {
    const res = await fetch(url);
    expect(res.status, url).toBe(200);
    out.set(url.slice(server.baseUrl.length), await res.json());
  }
  return out;
}

async function stopped(server: RunningServer): Promise<void> {
  expect(await server.stop('SIGTERM')).toBe(0);
}

async function signIn(server: RunningServer, key: string): Promise<string> {
  const email = people.mensen.find((p) => p.key === key)?.email ?? '';
  const res = await fetch(`${server.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, wachtwoord: people.wachtwoord }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function post(server: RunningServer, token: string, url: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/documenten/${DOC}${url}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

describe('a store written with amendementen.json', () => {
  it('converts at the first start without losing anything, answers exactly as before, keeps the old file, and keeps working', async () => {
    const dir = copyOfFixture();

    // Before: READ_ONLY=1 reads the old file as it is and converts nothing.
    const untouched = snapshotDir(dir);
    const inspection = await startServer({ DATA_DIR: dir, READ_ONLY: '1' });
    const before = await answers(inspection);
    await stopped(inspection);
    expect(snapshotDir(dir)).toEqual(untouched);
    expect((before.get(`/api/v1/documenten/${DOC}/amendementen/1`) as { raaktOok: number[] }).raaktOok).toEqual([2]);

    const first = await startServer({ DATA_DIR: dir });
    try {
      expect(first.output()).toMatch(new RegExp(`Converted amendementen\\.json \\(8 amendments\\) into one file per amendment under ${dir}/amendementen in \\d+ ms; the old file is kept as ${dir}/amendementen\\.json\\.omgezet`));
      expect(await answers(first)).toEqual(before);
    } finally {
      await stopped(first);
    }
    expect(readAmendmentFiles(dir)).toEqual(legacyRecords);
    expect(fs.existsSync(path.join(dir, 'amendementen.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'amendementen.nieuw'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'amendementen.json.omgezet')).equals(legacyBytes)).toBe(true);

    // Later starts read the files, convert nothing, and the amendments can be acted on as before.
    const second = await startServer({ DATA_DIR: dir });
    try {
      expect(second.output()).not.toMatch(/Convert|Recorded the sentences/);
      expect(await answers(second)).toEqual(before);
      const wim = await signIn(second, 'wim');
      const wil = await signIn(second, 'wil');
      expect((await post(second, wim, '/amendementen/1/reacties', { tekst: 'Na de omzetting.' })).status).toBe(201);
      const two = legacyRecords[1] as AmendmentRecord;
      const text = (two.revisies.at(-1)?.commit ?? '') as string;
      const current = (await (await fetch(`${second.baseUrl}/api/v1/documenten/${DOC}/versies/${text}`)).json()) as { principes: { bestand: string; tekst: string }[] };
      const p3 = current.principes.find((p) => p.bestand === '03-open-en-bekende-technologie.md')?.tekst ?? '';
      const revised = await post(second, wim, '/amendementen/2/revisies', { verwachteRevisie: text, principes: [{ bestand: '03-open-en-bekende-technologie.md', tekst: p3.replace('in de regel leidend', 'doorgaans leidend') }] });
      expect(revised.status, await revised.clone().text()).toBe(201);
      expect((await post(second, wil, '/amendementen/8/intrekking', { reden: 'Na de omzetting ingetrokken.' })).status).toBe(200);
    } finally {
      await stopped(second);
    }
    const after = new Map(readAmendmentFiles(dir).map((r) => [r.nummer, r]));
    expect(after.get(1)?.reacties.at(-1)?.tekst).toBe('Na de omzetting.');
    expect(after.get(2)?.revisies).toHaveLength(3);
    expect(after.get(8)?.status).toBe('ingetrokken');
    for (const r of legacyRecords.filter((x) => ![1, 2, 8].includes(x.nummer))) expect(after.get(r.nummer)).toEqual(r);

    const third = await startServer({ DATA_DIR: dir });
    await stopped(third);
    execFileSync('git', ['--git-dir', path.join(dir, 'documents', `${DOC}.git`), 'fsck', '--strict', '--no-dangling']);
  }, 120_000);

  it('records written before the touched sentences were kept get them at start, computed from the texts as before', async () => {
    const reference = copyOfFixture();
    const inspection = await startServer({ DATA_DIR: reference, READ_ONLY: '1' });
    const before = await answers(inspection);
    await stopped(inspection);

    const dir = copyOfFixture();
    const strip = (r: AmendmentRecord): AmendmentRecord => ({ ...r, revisies: r.revisies.map(({ geraakt: _, ...rev }) => rev) });
    fs.writeFileSync(path.join(dir, 'amendementen.json'), JSON.stringify({ amendementen: legacyRecords.map(strip) }, null, 2));
    const server = await startServer({ DATA_DIR: dir });
    try {
      expect(server.output()).toContain('Recorded the sentences 5 open amendments touch');
      expect(await answers(server)).toEqual(before);
    } finally {
      await stopped(server);
    }
    const expected = legacyRecords.map((r) => {
      const stripped = strip(r);
      const current = r.revisies.at(-1);
      if (r.status !== 'ingediend' || current === undefined) return stripped;
      return { ...stripped, revisies: [...stripped.revisies.slice(0, -1), { ...(stripped.revisies.at(-1) as AmendmentRecord['revisies'][number]), geraakt: current.geraakt }] };
    });
    expect(readAmendmentFiles(dir)).toEqual(expected);
  }, 120_000);
});
