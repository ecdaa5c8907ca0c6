/**
 * Benchmark child for section 8 (bench/adoption.ts drives it over IPC): the adoption document of a
 * document with many principles. Two modes, each its own process, so the serving process's memory
 * figures are its own:
 *
 * - `build <dir> <principles> <amendments> <direct>`: writes a store through the app's write paths. The
 *   seed document (`groot`: `principles` files of generated Dutch prose, ~600 bytes each) is imported as
 *   version 1.0 (`importSeedDocuments`; this import alone with fsync off, as a bulk import, see
 *   src/storage/git/repository.ts); then, on stores opened as the server opens them (fsync on), the register of
 *   organisations, four users (`createUser`), `amendments` amendments proposed by two municipalities'
 *   representatives (`proposeAmendment`), each changing one sentence in each of 5 principles spread over
 *   the document (every third one changes, besides, a sentence the previous amendment changed, so
 *   attributions split within a sentence), approved (`reviewAmendment`) and merged
 *   (`decideAmendment`) in turn; `direct` commits straight on the draft (`DocumentRepository.commit`,
 *   3 principles each); and the draft named 1.1 (`nameVersion`). Sends `adoption-built` and exits.
 * - `serve <dir>`: opens the store with `openStores` as src/server.ts does and serves the real app
 *   (`createApp`) on 127.0.0.1:0; answers `memory` (after a full GC, with the peak RSS of the process so
 *   far) and stops on `stop`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { decideAmendment } from '../src/commands/amendments/decideAmendment.js';
import { proposeAmendment } from '../src/commands/amendments/proposeAmendment.js';
import { reviewAmendment } from '../src/commands/amendments/reviewAmendment.js';
import { importSeedDocuments } from '../src/commands/documents/importSeedDocuments.js';
import { seedOrganisations } from '../src/commands/organisations/seedOrganisations.js';
import { createUserAsSystem } from '../src/commands/users/createUser.js';
import { toCurrentUser } from '../src/queries/accountQueries.js';
import { nameVersion } from '../src/commands/versions/nameVersion.js';
import { PROJECT_ROOT } from '../src/config.js';
import type { Role } from '../src/domain/roles.js';
import type { CurrentUser } from '../src/policies/currentUser.js';
import { DocumentStore } from '../src/storage/documentStore.js';
import { openStores } from '../src/storage/stores.js';
import { ADOPTION_SLUG, type AdoptionBuilt, type AdoptionMemory, type AdoptionReady } from './adoptionProtocol.js';
import { fullGc, hasType, snapshot } from './protocol.js';
import { createRandom, editWord, principleText, sentenceLines } from './prose.js';
import { now } from './stats.js';

/** Principles an amendment changes (one sentence in each). */
const PER_AMENDMENT = 5;
/** Principles a direct commit changes. */
const PER_DIRECT = 3;

const USERS: readonly { naam: string; rol: Role; organisatie: string | null }[] = [
  { naam: 'Sanne Secretaris', rol: 'secretaris', organisatie: null },
  { naam: 'Wim Werkgroep', rol: 'werkgroeplid', organisatie: null },
  { naam: 'Anna Amsterdam', rol: 'vertegenwoordiger', organisatie: 'GM0363' },
  { naam: 'Uma Utrecht', rol: 'vertegenwoordiger', organisatie: 'GM0344' },
];
const DIRECT_AUTHOR = 'Dirk Direct';

function fileName(i: number, width: number): string {
  return `${String(i % 100).padStart(2, '0')}-principe-${String(i).padStart(width, '0')}.md`;
}

async function build(dir: string, principles: number, amendments: number, direct: number): Promise<AdoptionBuilt> {
  const seedRoot = path.join(dir, 'seed');
  const seed = path.join(seedRoot, ADOPTION_SLUG);
  const storeDir = path.join(dir, 'store');
  fs.mkdirSync(seed, { recursive: true });
  fs.writeFileSync(path.join(seed, 'document.yml'), `titel: Principes in veelvoud (${principles})\nbeschrijving: Een document met ${principles} principes, voor de benchmark.\n`);
  const width = String(principles).length;
  let seedBytes = 0;
  for (let i = 1; i <= principles; i++) {
    const text = principleText(i, `Principe ${i}`, 600).text;
    seedBytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(seed, fileName(i, width)), text);
  }
  const t0 = now();
  await importSeedDocuments(await DocumentStore.open(storeDir, { fsync: false }), seedRoot, new Date('2026-01-05T09:00:00Z'));
  const importMs = now() - t0;

  const t1 = now();
  const stores = await openStores(storeDir);
  await seedOrganisations(stores, path.join(PROJECT_ROOT, 'data', 'reference'));
  const users: CurrentUser[] = [];
  for (const [k, u] of USERS.entries()) {
    const rec = await createUserAsSystem(stores, { naam: u.naam, email: `vaststelling-${k + 1}@example.org`, wachtwoord: `benchmark-wachtwoord-${k + 1}`, rol: u.rol, organisatie: u.organisatie });
    users.push(toCurrentUser(stores.db.data, rec, 'token'));
  }
  const [secretaris, werkgroep, anna, uma] = users as [CurrentUser, CurrentUser, CurrentUser, CurrentUser];
  const repo = stores.documents.get(ADOPTION_SLUG);
  const random = createRandom(principles);
  const edited = new Set<string>();
  /** Replaces one word of one sentence of principle `i` on the current draft (sentence `line`, else a random one). */
  const edit = async (i: number, line?: number): Promise<{ i: number; bestand: string; tekst: string; line: number }> => {
    const bestand = fileName(i, width);
    const text = (await repo.readFile(repo.head().oid, bestand)) ?? '';
    const lines = text.replace(/\n$/, '').split('\n');
    const targets = sentenceLines(lines);
    const at = line ?? targets[Math.floor(random() * targets.length)] ?? 2;
    lines[at] = editWord(random, lines[at] ?? '');
    edited.add(`${bestand}:${at}`);
    return { i, bestand, tekst: `${lines.join('\n')}\n`, line: at };
  };
  let clock = Date.parse('2026-02-01T09:00:00Z');
  const tick = (): Date => new Date((clock += 60_000));
  let previous: { i: number; bestand: string; line: number } | null = null;
  const spread = Math.max(1, Math.floor(principles / PER_AMENDMENT));
  for (let k = 0; k < amendments; k++) {
    const by = k % 2 === 0 ? anna : uma;
    const changes: { i: number; bestand: string; tekst: string; line: number }[] = [];
    for (const i of new Set(Array.from({ length: PER_AMENDMENT }, (_, j) => 1 + ((k * 7 + j * spread) % principles)))) changes.push(await edit(i));
    const again = previous;
    if (k % 3 === 2 && again !== null && !changes.some((c) => c.bestand === again.bestand)) {
      // The sentence the previous amendment changed, changed again: one sentence, two sources.
      changes.push(await edit(again.i, again.line));
    }
    previous = changes[0] ?? null;
    const principes = changes.map((c) => ({ bestand: c.bestand, tekst: c.tekst }));
    const record = await proposeAmendment(stores, by, ADOPTION_SLUG, { titel: `Wijziging ${k + 1}`, toelichting: 'Voor de benchmark.', basis: 'concept', principes }, tick());
    const revisie = record.revisies.at(-1)?.commit;
    await reviewAmendment(stores, werkgroep, ADOPTION_SLUG, record.nummer, { oordeel: 'akkoord', toelichting: 'Akkoord.', revisie }, tick());
    await decideAmendment(stores, secretaris, ADOPTION_SLUG, record.nummer, { besluit: 'overnemen', reden: 'Goed.', verwachteRevisie: revisie }, { minApprovals: 1 }, tick());
  }
  for (let k = 0; k < direct; k++) {
    const changes = [];
    for (let j = 0; j < PER_DIRECT; j++) {
      const e = await edit(1 + ((k * 13 + j * 101 + 3) % principles));
      changes.push({ path: e.bestand, content: e.tekst });
    }
    const sig = { name: DIRECT_AUTHOR, email: 'redactie@example.org', timestamp: Math.floor(tick().getTime() / 1000), timezoneOffset: 0 };
    await repo.commit({ branch: 'main', parent: repo.head().oid, changes, author: sig, committer: sig, message: `Redactionele wijziging ${k + 1}` });
  }
  await nameVersion(stores, secretaris, ADOPTION_SLUG, { naam: '1.1', toelichting: 'Met de amendementen.' }, tick());
  const historyMs = now() - t1;
  return {
    type: 'adoption-built',
    storeDir,
    gitDir: repo.dir,
    principles,
    amendments,
    direct,
    changedSentences: edited.size,
    authors: [...(amendments > 0 ? ['Anna Amsterdam (Amsterdam)'] : []), ...(amendments > 1 ? ['Uma Utrecht (Utrecht)'] : []), ...(direct > 0 ? [DIRECT_AUTHOR] : [])],
    importMs,
    historyMs,
    seedBytes,
  };
}

async function serve(dir: string): Promise<void> {
  fullGc();
  const t = now();
  const stores = await openStores(path.join(dir, 'store'));
  const openMs = now() - t;
  fullGc();
  const afterOpen = snapshot();
  const app = createApp({ stores, log: (msg, err) => console.error('[bench adoption server]', msg, err) });
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    const ready: AdoptionReady = { type: 'adoption-ready', port, openMs, afterOpen };
    process.send?.(ready);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('message', (m: unknown) => {
    if (!hasType(m)) return;
    if (m.type === 'memory') {
      fullGc();
      const reply: AdoptionMemory = { type: 'adoption-memory', afterGc: snapshot(), maxRss: process.resourceUsage().maxRSS * 1024 };
      process.send?.(reply);
    } else if (m.type === 'stop') {
      stop();
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

const [mode, dir, ...rest] = process.argv.slice(2);
const run = async (): Promise<void> => {
  if (mode === 'build' && dir !== undefined) {
    const [principles, amendments, direct] = rest.map(Number);
    const built = await build(dir, principles ?? 1000, amendments ?? 20, direct ?? 4);
    process.send?.(built, () => process.exit(0));
  } else if (mode === 'serve' && dir !== undefined) {
    await serve(dir);
  } else {
    throw new Error('usage: adoptionServe.ts build <dir> <principles> <amendments> <direct> | serve <dir>');
  }
};
run().catch((e: unknown) => {
  console.error('bench adoption child failed:', e);
  process.exit(1);
});
