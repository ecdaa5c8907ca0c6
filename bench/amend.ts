/**
 * Benchmark child process: grows the built store from `from` to `amendments` amendments through the
 * app's real write path, `proposeAmendment` (git branch `amendementen/<n>` with one commit, the record
 * file `amendementen/<document>/<n>.json`, the audit entry), on stores opened exactly as the server opens
 * them (`openStores`: fsync on for git, the record files and the audit log). run.ts calls it once per
 * stage (100, 2,000, 10,000 amendments), measuring in between. Sends an {@link AmendResult}.
 *
 * Each amendment changes one line (one word in it) of one principle, spread over the principles and
 * their sentences. Four kinds (see AmendmentKind): ~20 % against the current draft; ~30 % against an
 * older basis and clean (a sentence that main has not touched since, nor its neighbours: git counts
 * adjacent changed lines as a conflict; in this history such bases are only a few commits old); ~20 %
 * against an old basis (20 to 9,000 commits back, log-uniform) changing a principle's title, which main
 * never edits, so clean; ~30 % against an old basis (same spread) and conflicting (a sentence that main
 * has changed since). Which line main changed in which commit comes from `main-history.json` (build.ts).
 *
 * The texts of the bases are read through a second, read-only DocumentStore instance, so that designing
 * the amendments does not warm the caches of the instance proposeAmendment uses.
 *
 * Timing: every proposeAmendment call as a whole, and inside it (through transparent Proxies on the
 * stores, the code path is unchanged) the git commit, the record write and the audit append.
 */
import fs from 'node:fs';
import path from 'node:path';
import { proposeAmendment } from '../src/commands/amendments/proposeAmendment.js';
import { seedOrganisations } from '../src/commands/organisations/seedOrganisations.js';
import { createUserAsSystem } from '../src/commands/users/createUser.js';
import { toCurrentUser } from '../src/queries/accountQueries.js';
import { PROJECT_ROOT } from '../src/config.js';
import type { Role } from '../src/domain/roles.js';
import type { CurrentUser } from '../src/policies/currentUser.js';
import { DocumentStore } from '../src/storage/documentStore.js';
import { openStores, type Stores } from '../src/storage/stores.js';
import {
  SLUG,
  type AmendBucket,
  type AmendRequest,
  type AmendResult,
  type AmendmentKind,
  type BuiltAmendment,
  type MainHistory,
} from './protocol.js';
import { createRandom, editWord, pick, sentence, sentenceLines } from './prose.js';
import { now, summarise, timedMethod } from './stats.js';

const USERS: readonly { naam: string; rol: Role; organisatie: string | null }[] = [
  { naam: 'Anouk de Vries', rol: 'vertegenwoordiger', organisatie: 'GM0772' },
  { naam: 'Bram Jansen', rol: 'vertegenwoordiger', organisatie: 'GM0363' },
  { naam: 'Charlotte Bakker', rol: 'vertegenwoordiger', organisatie: 'GM0344' },
  { naam: 'Daan Visser', rol: 'vertegenwoordiger', organisatie: 'GM0193' },
  { naam: 'Eva Smit', rol: 'vertegenwoordiger', organisatie: 'GM0599' },
  { naam: 'Fatima El Amrani', rol: 'werkgroeplid', organisatie: 'VNG' },
  { naam: 'Gerrit Mulder', rol: 'werkgroeplid', organisatie: 'GM0772' },
  { naam: 'Hanna de Boer', rol: 'werkgroeplid', organisatie: null },
];

const TITLES = ['scherper formuleren', 'taal begrijpelijker maken', 'aansluiten bij de praktijk', 'woordkeuze aanpassen', 'reikwijdte verduidelijken'];

interface Timers {
  git: number;
  record: number;
  audit: number;
}


function timedStores(stores: Stores, timers: Timers): Stores {
  const documents = new Proxy(stores.documents, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (prop !== 'get' || typeof value !== 'function') return value;
      return (slug: string) => timedMethod(t.get(slug), 'commit', timers, 'git');
    },
  });
  return {
    ...stores,
    documents,
    amendments: timedMethod(stores.amendments, 'put', timers, 'record'),
    audit: timedMethod(stores.audit, 'append', timers, 'audit'),
  };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

async function amend(req: AmendRequest): Promise<AmendResult> {
  const setupStarted = now();
  const stores = await openStores(req.storeDir);
  if (stores.db.data.organisaties.length === 0) await seedOrganisations(stores, path.join(PROJECT_ROOT, 'data', 'reference'));
  const users: CurrentUser[] = [];
  for (const [k, u] of USERS.entries()) {
    const email = `amendement-${k + 1}@example.org`;
    const rec =
      stores.db.data.gebruikers.find((g) => g.email === email) ??
      (await createUserAsSystem(stores, { naam: u.naam, email, wachtwoord: `benchmark-wachtwoord-${k + 1}`, rol: u.rol, organisatie: u.organisatie }));
    users.push(toCurrentUser(stores.db.data, rec, 'token'));
  }
  if (stores.amendments.lastNumber(SLUG) !== req.from) throw new Error(`the store has ${stores.amendments.lastNumber(SLUG)} amendments, not ${req.from}`);
  const setupMs = now() - setupStarted;

  // ---- design: which basis, file and line each amendment changes ----
  const history = JSON.parse(fs.readFileSync(req.historyFile, 'utf8')) as MainHistory;
  const n = history.oids.length - 1;
  const oidAt = (k: number): string => history.oids[k] ?? '';
  const reader = (await DocumentStore.open(req.storeDir, { fsync: false })).get(SLUG);
  const headFiles = await reader.readFiles(oidAt(n));
  const principles = [...headFiles.keys()].filter((f) => f.endsWith('.md')).sort();
  const splitLines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
  // Main's commits only replace words, so every commit of main has the same lines as the tip.
  const targets = principles.flatMap((file) => sentenceLines(splitLines(headFiles.get(file) ?? '')).map((line) => ({ file, line })));
  const lastEdit = new Map<string, number>();
  history.edits.forEach((e, i) => lastEdit.set(`${e.file}:${e.line}`, i + 1));
  const last = (file: string, line: number): number => lastEdit.get(`${file}:${line}`) ?? 0;
  /** The oldest basis from which changing this line merges cleanly: its neighbours count too. */
  const cleanSince = (file: string, line: number): number => Math.max(last(file, line - 1), last(file, line), last(file, line + 1));
  const cleanTargets = targets.filter((t) => cleanSince(t.file, t.line) < n);

  // The first stage keeps the seed of the earlier single-stage runs, so its mix is the same.
  const random = createRandom(2024 + req.from);
  const randomInt = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const maxDepth = Math.min(9_000, n);

  const deepDepth = (): number => Math.round(Math.exp(Math.log(20) + random() * (Math.log(maxDepth) - Math.log(20))));
  const titles = principles.filter((file) => cleanSince(file, 0) === 0);

  const design = async (): Promise<{ kind: AmendmentKind; basis: number; file: string; line: number }> => {
    const r = random();
    const deepPossible = maxDepth >= 20;
    if (r < 0.2 || (r < 0.5 && cleanTargets.length === 0) || (r >= 0.5 && !deepPossible) || (r >= 0.5 && r < 0.7 && titles.length === 0)) {
      const t = pick(random, targets);
      return { kind: 'concept', basis: n, ...t };
    }
    if (r < 0.5) {
      const t = pick(random, cleanTargets);
      return { kind: 'clean', basis: randomInt(Math.max(cleanSince(t.file, t.line), n - 500), n - 1), ...t };
    }
    if (r < 0.7) return { kind: 'deep', basis: n - deepDepth(), file: pick(random, titles), line: 0 };
    for (;;) {
      const basis = n - deepDepth();
      const baseFiles = await reader.readFiles(oidAt(basis));
      const changed = targets.filter(
        (t) => last(t.file, t.line) > basis && splitLines(baseFiles.get(t.file) ?? '')[t.line] !== splitLines(headFiles.get(t.file) ?? '')[t.line],
      );
      if (changed.length > 0) return { kind: 'conflict', basis, ...pick(random, changed) };
    }
  };

  // ---- propose, timed ----
  const timers: Timers = { git: 0, record: 0, audit: 0 };
  const app = timedStores(stores, timers);
  const count = req.amendments - req.from;
  const bucketSize = req.amendments >= 1000 ? 100 : Math.max(1, Math.floor(req.amendments / 10));
  const buckets: AmendBucket[] = [];
  const amendments: BuiltAmendment[] = [];
  let bucketTimes: number[] = [];
  let bucketTimers: Timers = { ...timers };
  const auditFile = stores.audit.file;
  let recordBytesWritten = 0;
  const started = now();
  for (let i = req.from; i < req.amendments; i++) {
    const d = await design();
    const basisOid = oidAt(d.basis);
    const files = await reader.readFiles(basisOid);
    const lines = splitLines(files.get(d.file) ?? '');
    const before = lines[d.line] ?? '';
    const headLine = splitLines(headFiles.get(d.file) ?? '')[d.line];
    let after = editWord(random, before);
    // A conflicting amendment must not happen to write exactly what main wrote (git would resolve that).
    while (d.kind === 'conflict' && after === headLine) after = editWord(random, before);
    lines[d.line] = after;
    const user = users[i % users.length] as CurrentUser;
    const t = now();
    const record = await proposeAmendment(
      app,
      user,
      SLUG,
      {
        titel: d.line === 0 ? `Principe ${d.file.slice(0, 2)}: titel aanpassen` : `Principe ${d.file.slice(0, 2)}, zin ${d.line - 1}: ${pick(random, TITLES)}`,
        toelichting: `${sentence(random)} ${sentence(random)}`,
        basis: d.kind === 'concept' ? 'concept' : basisOid,
        principes: [{ bestand: d.file, tekst: `${lines.join('\n')}\n` }],
      },
      new Date((req.startTime + i * 60) * 1000),
    );
    const ms = now() - t;
    const recordBytes = fileSize(path.join(req.storeDir, 'amendementen', SLUG, `${record.nummer}.json`));
    recordBytesWritten += recordBytes;
    if (record.nummer !== i + 1) throw new Error(`amendment ${i + 1} got number ${record.nummer}`);
    amendments.push({ nummer: record.nummer, kind: d.kind, basis: basisOid, depth: n - d.basis, file: d.file, line: d.line, ms });
    bucketTimes.push(ms);
    if ((i + 1) % bucketSize === 0 || i === req.amendments - 1) {
      const s = summarise(bucketTimes);
      const size = bucketTimes.length;
      buckets.push({
        upTo: i + 1,
        size,
        mean: bucketTimes.reduce((a, b) => a + b, 0) / size,
        median: s.median,
        max: bucketTimes.reduce((a, b) => Math.max(a, b), 0),
        git: (timers.git - bucketTimers.git) / size,
        record: (timers.record - bucketTimers.record) / size,
        audit: (timers.audit - bucketTimers.audit) / size,
        recordBytes,
        auditBytes: fileSize(auditFile),
      });
      bucketTimes = [];
      bucketTimers = { ...timers };
    }
    if ((i + 1) % (req.amendments > 2000 ? 1000 : 250) === 0 || i === req.amendments - 1) {
      const s = (now() - started) / 1000;
      const b = buckets.at(-1);
      console.log(
        `  proposed ${(i + 1).toLocaleString('en')}/${req.amendments.toLocaleString('en')} amendments (${s.toFixed(1)} s; ` +
          `last ${b?.size ?? 0}: ${(b?.mean ?? 0).toFixed(1)} ms each, record ${(b?.record ?? 0).toFixed(2)} ms)`,
      );
    }
  }
  const buildMs = now() - started;
  if (count <= 0) throw new Error(`nothing to add: from ${req.from} to ${req.amendments}`);
  return { type: 'amended', count: req.amendments, setupMs, users: users.length, buildMs, buckets, recordBytesWritten, amendments };
}

function parseRequest(raw: string | undefined): AmendRequest {
  if (raw === undefined) throw new Error('usage: amend.ts <json AmendRequest>');
  return JSON.parse(raw) as AmendRequest;
}

amend(parseRequest(process.argv[2]))
  .then((result) => {
    process.send?.(result, () => process.exit(0));
  })
  .catch((e: unknown) => {
    console.error('bench amend failed:', e);
    process.exit(1);
  });
