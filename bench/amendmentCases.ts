/**
 * The amendment cases (e)-(g): checks first (both sides give the same answer), then the timed cases,
 * against the stock git CLI on the same bare repository (and, for information, on a packed copy with a
 * commit-graph). Called by run.ts with the serving process and the HTTP client.
 *
 * Order matters for the caches of the app: (e) first (its first request computes the mergeability of the
 * 50 newest amendments), then (g) (in-process mergeability, each run a new amendment whose trees and
 * texts the app has not read yet), then the first amendment page ever (printed as a note; section 1c,
 * bench/amendmentStore.ts, measures it over several starts), then (f) and (f').
 */
import type { ChildProcess } from 'node:child_process';
import { check, json, measure, type Case, type CaseResult, type Side } from './cases.js';
import { git, type HttpClient } from './clients.js';
import { AMENDMENT_KINDS, nextMessage, type AmendResult, type AmendmentKind, type BuiltAmendment, type MergeTimed, type ServeMergeRequest } from './protocol.js';
import { createRandom } from './prose.js';
import { ms, now, summarise } from './stats.js';

export const LIST_LIMIT = 50;

export interface AmendmentContext {
  http: HttpClient;
  server: ChildProcess;
  gitDir: string;
  /** A packed copy (`git clone --mirror` + `git commit-graph write`), for information rows; null to skip. */
  packedGitDir: string | null;
  /** `/api/v1/documenten/<slug>` */
  api: string;
  amended: AmendResult;
  warmup: number;
  reps: number;
}

export interface AmendmentOutcome {
  results: CaseResult[];
  notes: string[];
}

interface ListBody {
  items: { nummer: number; tak: string; revisie: string; status: string; samenvoegbaar?: boolean }[];
  volgende: string | null;
}
interface DetailBody {
  nummer: number;
  samenvoegbaar?: boolean;
  conflicten: { bestand: string }[];
  bestandsconflicten: { bestand: string }[];
  raaktOok: number[];
  wijziging: { principes: { soort: string; telling: { ingevoegd: number; verwijderd: number; gewijzigd: number } }[] };
}

const KIND_LABEL: Record<AmendmentKind, string> = {
  concept: 'basis = the current draft',
  clean: 'recent basis, merges cleanly',
  deep: 'old basis, merges cleanly (a title)',
  conflict: 'old basis, conflicts with the draft',
};

function branchOf(a: BuiltAmendment): string {
  return `amendementen/${a.nummer}`;
}

/** Files with conflicts in `git merge-tree --write-tree` output (the lines after the tree oid, up to the blank line). */
function mergeTreeConflicts(out: Buffer): string[] {
  const lines = out.toString('utf8').split('\n');
  const files = new Set<string>();
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const tab = line.indexOf('\t');
    if (tab >= 0) files.add(line.slice(tab + 1));
  }
  return [...files].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function amendmentCases(ctx: AmendmentContext): Promise<AmendmentOutcome> {
  const { http, server, gitDir: g, api, amended, warmup, reps } = ctx;
  const runs = warmup + reps;
  const notes: string[] = [];

  // ---- pools: each timed run that should be cold gets an amendment nothing has touched before ----
  const all = [...amended.amendments].sort((a, b) => a.nummer - b.nummer);
  const listed = new Set(all.slice(-LIST_LIMIT).map((a) => a.nummer));
  const rest = all.filter((a) => !listed.has(a.nummer));
  const shuffle = createRandom(99);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [rest[i], rest[j]] = [rest[j] as BuiltAmendment, rest[i] as BuiltAmendment];
  }
  const used = new Set<number>();
  const reusedPools: string[] = [];
  const take = (count: number, kind: AmendmentKind, pool: string): BuiltAmendment[] => {
    const fresh = rest.filter((a) => a.kind === kind && !used.has(a.nummer)).slice(0, count);
    for (const a of fresh) used.add(a.nummer);
    if (fresh.length === count) return fresh;
    const source = fresh.length > 0 ? fresh : rest.filter((a) => a.kind === kind);
    if (source.length === 0) return [];
    reusedPools.push(pool);
    return Array.from({ length: count }, (_, i) => source[i % source.length] as BuiltAmendment);
  };
  const checkPool = AMENDMENT_KINDS.flatMap((k) => take(10, k, `check ${k}`));
  const mergePools = new Map(AMENDMENT_KINDS.map((k) => [k, take(runs, k, `(g) ${k}`)]));
  const warmOne = take(1, 'conflict', '(f)')[0] ?? take(1, 'clean', '(f)')[0] ?? all[0];
  const perKind = AMENDMENT_KINDS.map((k) => take(Math.ceil(runs / AMENDMENT_KINDS.length), k, "(f')"));
  const coldPages: BuiltAmendment[] = [];
  for (let i = 0; coldPages.length < runs && i < runs; i++) {
    for (const p of perKind) {
      const a = p[i];
      if (a !== undefined && coldPages.length < runs) coldPages.push(a);
    }
  }
  if (reusedPools.length > 0) {
    notes.push(`too few amendments for cold runs (BENCH_AMENDMENTS=${amended.count}): amendments reused in ${[...new Set(reusedPools)].join(', ')}, so those runs are partly warm`);
  }

  // ---- the two sides ----
  const ours = async (nummer: number): Promise<MergeTimed> => {
    const reply = nextMessage<MergeTimed>(server, 'merged');
    const request: ServeMergeRequest = { type: 'merge', nummer };
    server.send(request);
    return reply;
  };
  const mergeTree = (dir: string, a: BuiltAmendment) => git([`--git-dir=${dir}`, 'merge-tree', '--write-tree', 'main', branchOf(a)], { okCodes: [0, 1] });
  const wordDiff = (dir: string, a: BuiltAmendment) => git([`--git-dir=${dir}`, 'diff', '--word-diff=porcelain', a.basis, branchOf(a)]);
  const refsSorted = (dir: string) =>
    git([`--git-dir=${dir}`, 'for-each-ref', `--count=${LIST_LIMIT}`, '--sort=-committerdate', '--format=%(refname:short)%09%(objectname)%09%(committerdate:iso-strict)%09%(subject)', 'refs/heads/amendementen/']);
  const refsPlain = (dir: string) => git([`--git-dir=${dir}`, 'for-each-ref', `--count=${LIST_LIMIT}`, '--format=%(refname)%09%(objectname)', 'refs/heads/amendementen/']);
  const pageSides = (dir: string, pick: (i: number) => BuiltAmendment) => async (i: number): Promise<number> => {
    const a = pick(i);
    return (await mergeTree(dir, a)).ms + (await wordDiff(dir, a)).ms;
  };
  const packed = ctx.packedGitDir;

  // ---- checks ----
  console.log('\n== 5. Amendments: checks (both sides give the same answer)');
  const listUrl = `${api}/amendementen?limit=${LIST_LIMIT}`;
  {
    const r = await http.get(listUrl);
    notes.push(`(e) first request of the list (mergeability of ${LIST_LIMIT} amendments computed, caches cold): ${ms(r.ms)} ms`);
    const body = json<ListBody>(r.body);
    const out = await refsSorted(g);
    const refs = out.stdout.toString('utf8').trim().split('\n').map((l) => l.split('\t'));
    const withMerge = body.items.filter((it) => it.samenvoegbaar !== undefined).length;
    check(
      '(e) amendment list = git for-each-ref --sort=-committerdate',
      r.status === 200 && body.items.length === LIST_LIMIT && body.items.every((it, k) => it.tak === refs[k]?.[0] && it.revisie === refs[k]?.[1]),
      `${body.items.length} amendments, same branches and tips in the same order (newest first); ${withMerge} with mergeability; ` +
        `API ${r.body.length.toLocaleString('en')} B (first request ${ms(r.ms)} ms), git ${out.stdout.length.toLocaleString('en')} B`,
    );
  }
  {
    const designed = new Map(AMENDMENT_KINDS.map((k) => [k, { n: 0, conflicting: 0 }]));
    let agree = 0;
    const disagreements: string[] = [];
    for (const a of checkPool) {
      const mine = await ours(a.nummer);
      const theirs = await mergeTree(g, a);
      const gitFiles = mergeTreeConflicts(theirs.stdout);
      const same = mine.samenvoegbaar === (theirs.code === 0) && sameList(mine.bestanden, gitFiles);
      if (same) agree++;
      else disagreements.push(`#${a.nummer} ours ${mine.samenvoegbaar ? 'clean' : `conflict ${mine.bestanden.join(',')}`}, git ${theirs.code === 0 ? 'clean' : `conflict ${gitFiles.join(',')}`}`);
      const d = designed.get(a.kind);
      if (d !== undefined) {
        d.n++;
        if (theirs.code !== 0) d.conflicting++;
      }
    }
    check(
      '(g) mergeability = git merge-tree --write-tree',
      agree === checkPool.length,
      `${agree}/${checkPool.length} amendments agree (clean/conflict and the conflicting files)` + (disagreements.length > 0 ? `; differ: ${disagreements.slice(0, 5).join('; ')}` : ''),
    );
    const asDesigned = [...designed].every(([k, d]) => d.conflicting === (k === 'conflict' ? d.n : 0));
    check(
      'amendments as designed',
      asDesigned,
      [...designed].map(([k, d]) => `${k}: ${d.conflicting}/${d.n} conflict per git`).join(', '),
    );
  }

  // ---- timed cases (e) and (g) ----
  const results: CaseResult[] = [];
  const run = async (c: Case): Promise<CaseResult> => {
    const t = now();
    process.stdout.write(`  ${c.id} ${c.title} ... `);
    const r = await measure(c, warmup, reps);
    console.log(`ours ${ms(r.ours.median)} ms (first ${ms(r.first)} ms), git ${ms(r.git[0]?.median ?? Number.NaN)} ms (${((now() - t) / 1000).toFixed(1)} s)`);
    return r;
  };
  console.log(`\n== 6. Amendments: timing (${warmup} warm-up + ${reps} timed runs each, interleaved)`);

  const listCase: Case = {
    id: '(e)',
    title: `amendment list, first page (limit=${LIST_LIMIT})`,
    ours: { label: `GET ${listUrl} (${amended.count.toLocaleString('en')} amendments; mergeability of the ${LIST_LIMIT} memoised after the first request)`, run: () => http.timed(listUrl) },
    git: [
      {
        label: `git for-each-ref --count=${LIST_LIMIT} --sort=-committerdate --format='%(refname:short) %(objectname) %(committerdate:iso-strict) %(subject)' refs/heads/amendementen/ (the same ${LIST_LIMIT}, newest first)`,
        run: async () => (await refsSorted(g)).ms,
      },
      { short: 'for-each-ref, no sort, names only', label: `git for-each-ref --count=${LIST_LIMIT} --format='%(refname) %(objectname)' refs/heads/amendementen/ (refs only, name order: not the same 50)`, run: async () => (await refsPlain(g)).ms },
      ...(packed === null ? [] : [{ short: 'same as reference, packed copy', label: 'the reference command on the packed copy (git clone --mirror + commit-graph)', run: async () => (await refsSorted(packed)).ms }]),
    ],
    target: { kind: 'ratio', max: 2 },
  };
  const listResult = await run(listCase);

  const mergeResults: CaseResult[] = [];
  const mismatches: string[] = [];
  for (const [k, kind] of AMENDMENT_KINDS.entries()) {
    const pool = mergePools.get(kind) ?? [];
    if (pool.length === 0) continue;
    const at = (i: number): BuiltAmendment => pool[i % pool.length] as BuiltAmendment;
    const answers = new Map<number, { ours?: boolean; git?: boolean }>();
    const depths = summarise(pool.map((a) => a.depth));
    const c: Case = {
      id: `(g${k + 1})`,
      title: `mergeability alone, ${KIND_LABEL[kind]}${kind === 'concept' ? '' : ` (basis ${depths.min}-${pool.reduce((m, a) => Math.max(m, a.depth), 0)} commits back, median ${Math.round(depths.median)})`}`,
      ours: {
        label: `mergeability(repo, record) in the serving process (no HTTP), a different amendment each run (${KIND_LABEL[kind]})`,
        run: async (i) => {
          const r = await ours(at(i).nummer);
          answers.set(i, { ...answers.get(i), ours: r.samenvoegbaar });
          return r.ms;
        },
      },
      git: [
        {
          label: 'git merge-tree --write-tree main amendementen/<n> (same amendment)',
          run: async (i) => {
            const r = await mergeTree(g, at(i));
            answers.set(i, { ...answers.get(i), git: r.code === 0 });
            return r.ms;
          },
        },
        ...(packed === null ? [] : [{ short: 'same, packed copy', label: 'the same on the packed copy (git clone --mirror + commit-graph)', run: async (i: number) => (await mergeTree(packed, at(i))).ms }]),
      ],
      target: { kind: 'ratio', max: 2 },
    };
    mergeResults.push(await run(c));
    for (const [i, a] of answers) if (a.ours !== a.git) mismatches.push(`${c.id} run ${i} (#${at(i).nummer})`);
  }
  check('(g) timed runs: ours and git agree', mismatches.length === 0, mismatches.length === 0 ? `every run of (g1)-(g${mergeResults.length})` : mismatches.slice(0, 5).join(', '));

  // ---- the first amendment page since start, then (f) and (f') ----
  const detailUrl = (a: BuiltAmendment): string => `${api}/amendementen/${a.nummer}`;
  const pageResults: CaseResult[] = [];
  if (warmOne !== undefined) {
    const r = await http.get(detailUrl(warmOne));
    const body = json<DetailBody>(r.body);
    const theirs = await mergeTree(g, warmOne);
    const diff = await git([`--git-dir=${g}`, 'diff', '--numstat', warmOne.basis, branchOf(warmOne)]);
    const numstat = diff.stdout.toString('utf8').trim().split('\n');
    const changed = body.wijziging?.principes ?? [];
    const files = [...new Set([...body.conflicten.map((c) => c.bestand), ...body.bestandsconflicten.map((c) => c.bestand)])].sort();
    notes.push(
      `the first amendment page after start took ${ms(r.ms)} ms (${amended.count.toLocaleString('en')} open amendments; raaktOok comes from the index built at start)`,
    );
    check(
      '(f) amendment page = git merge-tree + git diff',
      r.status === 200 &&
        body.samenvoegbaar === (theirs.code === 0) &&
        sameList(files, mergeTreeConflicts(theirs.stdout)) &&
        changed.length === 1 &&
        changed[0]?.telling.gewijzigd === 1 &&
        numstat.length === 1 &&
        numstat[0]?.startsWith('1\t1\t') === true,
      `#${warmOne.nummer} (${warmOne.kind}, basis ${warmOne.depth} back): samenvoegbaar=${String(body.samenvoegbaar)}, conflicts in ${files.join(',') || '-'} (git exit ${theirs.code}); ` +
        `1 changed sentence (git --numstat: ${numstat.join(' | ')}); raaktOok ${body.raaktOok.length} amendments; API ${r.body.length.toLocaleString('en')} B, first request ${ms(r.ms)} ms`,
    );
    pageResults.push(
      await run({
        id: '(f)',
        title: `one amendment page, same amendment each run (#${warmOne.nummer}, ${KIND_LABEL[warmOne.kind]})`,
        ours: { label: `GET ${api}/amendementen/<n> (mergeability memoised after the first request)`, run: () => http.timed(detailUrl(warmOne)) },
        git: [
          { label: 'git merge-tree --write-tree main amendementen/<n> + git diff --word-diff=porcelain <basis> amendementen/<n> (2 processes, times added)', run: pageSides(g, () => warmOne) },
          ...(packed === null ? [] : [{ short: 'same, packed copy', label: 'the same on the packed copy', run: pageSides(packed, () => warmOne) }]),
        ],
        target: { kind: 'ratio', max: 2 },
      }),
    );
  }
  if (coldPages.length > 0) {
    const at = (i: number): BuiltAmendment => coldPages[i % coldPages.length] as BuiltAmendment;
    const sides: Side[] = [
      { label: 'git merge-tree + git diff for amendment <n_i> (2 processes)', run: pageSides(g, at) },
      ...(packed === null ? [] : [{ short: 'same, packed copy', label: 'the same on the packed copy', run: pageSides(packed, at) }]),
    ];
    pageResults.push(
      await run({
        id: "(f')",
        title: `one amendment page, a different amendment each run (mergeability cold; the ${AMENDMENT_KINDS.length} kinds in turn)`,
        ours: { label: `GET ${api}/amendementen/<n_i>, a different amendment each run`, run: (i) => http.timed(detailUrl(at(i))) },
        git: sides,
        target: { kind: 'ratio', max: 2 },
      }),
    );
  }

  results.push(listResult, ...pageResults, ...mergeResults);
  return { results, notes };
}
