/**
 * Benchmark child process 1: builds the document store in the temp folder through the app's real write
 * path (DocumentStore.open + importSeedDocuments, then DocumentRepository.commit), and sends a
 * {@link BuildResult} to the parent. Runs in its own process so that the serving process starts clean.
 *
 * - main: the seed commit plus `commits` commits, each changing one word in one sentence of one principle;
 * - branch `benchmark/grote-tekst` off main's tip: commit A (principle 1 becomes ~200 KB of prose), B (A
 *   with 50 scattered word edits), C (an unrelated ~200 KB text);
 * - optionally a small second store with fsync on, to show what durable commits cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importSeedDocuments } from '../src/commands/documents/importSeedDocuments.js';
import { PROJECT_ROOT } from '../src/config.js';
import { principleTitle } from '../src/domain/documentModel.js';
import { DocumentStore } from '../src/storage/documentStore.js';
import { openStores } from '../src/storage/stores.js';
import type { DocumentRepository } from '../src/storage/git/repository.js';
import type { Signature } from '../src/storage/git/types.js';
import { BIG_BRANCH, BIG_FILE, SLUG, type BuildRequest, type BuildResult, type MainHistory } from './protocol.js';
import { createRandom, editWord, pick, principleText, scatteredWordEdits, sentenceLines } from './prose.js';
import { now } from './stats.js';

const AUTHORS = [
  ['Gemeente Eindhoven', 'digitalestad@eindhoven.nl'],
  ['Gemeente Amsterdam', 'cto@amsterdam.nl'],
  ['Gemeente Utrecht', 'redactie@utrecht.nl'],
  ['VNG Realisatie', 'principes@vng.nl'],
  ['Gemeente Zwolle', 'informatie@zwolle.nl'],
] as const;

const START = Date.UTC(2024, 0, 2, 9, 0, 0) / 1000;

function signature(k: number): Signature {
  const [name, email] = AUTHORS[k % AUTHORS.length] ?? AUTHORS[0];
  // One commit every ten minutes, in CET (isomorphic-git's sign: -60 = UTC+01:00).
  return { name, email, timestamp: START + k * 600, timezoneOffset: -60 };
}

/**
 * `count` commits on main, each replacing one word in one sentence of one principle. Returns the oids
 * (seed first) and, per commit, the file and 0-based line it edited (`edits[k - 1]` for commit k).
 */
async function sentenceCommits(repo: DocumentRepository, count: number, seed: number, progress: boolean): Promise<MainHistory> {
  const random = createRandom(seed);
  let tip = repo.head().oid;
  const oids = [tip];
  const edits: MainHistory['edits'] = [];
  const texts = await repo.readFiles(tip);
  const principles = [...texts.keys()].filter((f) => f.endsWith('.md')).sort();
  const started = now();
  for (let k = 1; k <= count; k++) {
    const file = principles[k % principles.length] ?? '';
    const lines = (texts.get(file) ?? '').replace(/\n$/, '').split('\n');
    const at = pick(random, sentenceLines(lines));
    lines[at] = editWord(random, lines[at] ?? '');
    const content = `${lines.join('\n')}\n`;
    texts.set(file, content);
    const info = await repo.commit({
      branch: 'main',
      parent: tip,
      changes: [{ path: file, content }],
      author: signature(k),
      message: `Principe ${file.slice(0, 2)}: zin ${at} aangepast\n\nRedactionele wijziging ${k} in ${file}.`,
    });
    tip = info.oid;
    oids.push(tip);
    edits.push({ file, line: at });
    if (progress && (k % 1000 === 0 || k === count)) {
      const s = (now() - started) / 1000;
      console.log(`  built ${k.toLocaleString('en')}/${count.toLocaleString('en')} commits (${s.toFixed(1)} s, ${(k / s).toFixed(0)} commits/s)`);
    }
  }
  return { oids, edits };
}

async function seededStore(storeDir: string, fsync: boolean): Promise<DocumentRepository> {
  // The store's own files first, while it is new: a store that holds documents must have them all.
  await openStores(storeDir);
  const store = await DocumentStore.open(storeDir, { fsync });
  await importSeedDocuments(store, path.join(PROJECT_ROOT, 'principles'), new Date(START * 1000 - 86_400_000));
  return store.get(SLUG);
}

async function build(req: BuildRequest): Promise<BuildResult> {
  const storeDir = path.join(req.tmpDir, 'store');
  const seedStarted = now();
  // fsync off: the bulk build measures the app's write path, not the disk (the durable sample below does).
  const repo = await seededStore(storeDir, false);
  const seedMs = now() - seedStarted;

  const started = now();
  const history = await sentenceCommits(repo, req.commits, 42, true);
  const buildMs = now() - started;
  const { oids } = history;
  const historyFile = path.join(req.tmpDir, 'main-history.json');
  fs.writeFileSync(historyFile, JSON.stringify(history));
  const mainTip = oids[oids.length - 1] ?? '';
  const oldIndex = oids.length - 1 - req.back;
  const oldCommit = oids[oldIndex] ?? '';
  const oldCommits = oids.slice(oldIndex, oldIndex + req.distinct);
  const files = [...(await repo.readFiles(mainTip)).keys()].sort();

  // The big texts, on a branch so that main stays exactly the seed commit plus `commits` sentence edits.
  const title = principleTitle(BIG_FILE, (await repo.readFile(mainTip, BIG_FILE)) ?? '');
  const a = principleText(101, title, 200_000);
  const wordEdits = 50;
  const bText = scatteredWordEdits(102, a.text, wordEdits);
  const c = principleText(303, title, 200_000);
  let parent: string | null = null;
  const big: string[] = [];
  for (const [k, text, message] of [
    [1, a.text, `Principe 01: uitgebreide toelichting (${Math.round(a.text.length / 1000)} kB)`],
    [2, bText, `Principe 01: ${wordEdits} woorden aangepast`],
    [3, c.text, 'Principe 01: geheel herschreven'],
  ] as const) {
    const info = await repo.commit({
      branch: BIG_BRANCH,
      parent,
      ...(parent === null ? { base: mainTip } : {}),
      changes: [{ path: BIG_FILE, content: text }],
      author: signature(req.commits + k),
      message,
    });
    parent = info.oid;
    big.push(info.oid);
  }
  const textsDir = path.join(req.tmpDir, 'texts');
  fs.mkdirSync(textsDir, { recursive: true });
  const paths = { a: path.join(textsDir, 'a.md'), b: path.join(textsDir, 'b.md'), c: path.join(textsDir, 'c.md') };
  fs.writeFileSync(paths.a, a.text);
  fs.writeFileSync(paths.b, bText);
  fs.writeFileSync(paths.c, c.text);

  let durable: BuildResult['durable'] = null;
  if (req.durableCommits > 0) {
    const durableRepo = await seededStore(path.join(req.tmpDir, 'durable'), true);
    const t = now();
    await sentenceCommits(durableRepo, req.durableCommits, 7, false);
    durable = { commits: req.durableCommits, ms: now() - t };
  }

  return {
    type: 'built',
    storeDir,
    gitDir: repo.dir,
    historyFile,
    commits: req.commits,
    buildMs,
    seedMs,
    mainTip,
    oldCommit,
    back: req.back,
    oldCommits,
    files,
    big: {
      a: big[0] ?? '',
      b: big[1] ?? '',
      c: big[2] ?? '',
      bytes: { a: Buffer.byteLength(a.text), b: Buffer.byteLength(bText), c: Buffer.byteLength(c.text) },
      sentences: { a: a.sentences, c: c.sentences },
      wordEdits,
      paths,
    },
    durable,
  };
}

function parseRequest(raw: string | undefined): BuildRequest {
  if (raw === undefined) throw new Error('usage: build.ts <json BuildRequest>');
  return JSON.parse(raw) as BuildRequest;
}

build(parseRequest(process.argv[2]))
  .then((result) => {
    process.send?.(result, () => process.exit(0));
  })
  .catch((e: unknown) => {
    console.error('bench build failed:', e);
    process.exit(1);
  });
