/**
 * Builds the redline corpus: real revision pairs (the text of one Markdown file before and after one
 * commit) from public git repositories of Dutch public texts, for the corpus test
 * (tests/domain/redlineCorpus.test.ts) and the benchmark's redline section (bench/redline.ts).
 *
 *   npx tsx scripts/redline-corpus.ts <out-dir> <owner/name>=<git-dir> [<owner/name>=<git-dir> ...]
 *
 * Each <git-dir> is a clone (bare or not) of https://github.com/<owner/name>; only repositories listed
 * in SOURCES below (with their licence) are accepted. The selection is mechanical and does not look at
 * how the comparison does; see docs/benchmarks.md ("Redlines on real texts") for the criteria:
 * non-merge commits that modify a Markdown file; both versions 300 to 25,000 characters; Dutch text;
 * at most 60 changed lines (a revision, not a rewrite); at least one prose sentence edited (a changed
 * old and new line of 6+ words with word similarity >= 0.5); per repository at most PER_REPO pairs,
 * evenly spread over its history, one per commit and two per file.
 *
 * Writes <out-dir>/<nn>/van.md and naar.md (the texts as committed, not normalised),
 * <out-dir>/manifest.json and <out-dir>/SOURCES.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { diffArrays } from 'diff';
import { wordSimilarity, words } from '../tests/helpers/redlineMetrics.js';

interface Source {
  licence: string;
  /** Where the licence is stated. */
  evidence: string;
}

/** The repositories the corpus may come from, with their licence. */
export const SOURCES: Record<string, Source> = {
  'Logius-standaarden/API-Design-Rules': { licence: 'CC-BY-4.0', evidence: 'LICENSE (Creative Commons Attribution 4.0 International)' },
  'Logius-standaarden/OIN-Stelsel': { licence: 'CC-BY-4.0', evidence: 'LICENSE (Creative Commons Attribution 4.0 International)' },
  'Logius-standaarden/Digikoppeling-Koppelvlakstandaard-REST-API': {
    licence: 'CC-BY-4.0',
    evidence: 'LICENSE (Creative Commons Attribution 4.0 International)',
  },
  'Logius-standaarden/logboek-dataverwerkingen': { licence: 'CC-BY-4.0', evidence: 'config.js: license "cc-by" (ReSpec)' },
  'Geonovum/KP-APIs': { licence: 'CC-BY-4.0', evidence: 'media/respec/organisation-config.js: license "cc-by" (ReSpec)' },
  'MinBZK/Algoritmekader': { licence: 'EUPL-1.2', evidence: 'LICENSE.md (European Union Public Licence v. 1.2)' },
  'MinBZK/NeRDS': { licence: 'EUPL-1.2', evidence: 'LICENSE.md (European Union Public Licence v. 1.2)' },
};

const PER_REPO = 16;
const MIN_SIZE = 300;
const MAX_SIZE = 25_000;
const MAX_CHANGED_LINES = 60;
const DUTCH = /\b(?:de|het|een|van|en|is|zijn|wordt|voor)\b/g;

export interface CorpusEntry {
  id: string;
  repo: string;
  commit: string;
  parent: string;
  path: string;
  date: string;
  licence: string;
}

function dutchShare(text: string): number {
  const all = text.match(/\b\w+\b/g)?.length ?? 0;
  return all === 0 ? 0 : (text.match(DUTCH)?.length ?? 0) / all;
}

/** A line of running text: 6+ words, not a table row, heading, HTML, code or YAML key. */
function isProse(line: string): boolean {
  const body = line.replace(/^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)?/, '');
  if (!/^[\p{L}\p{N}*_["'‘“(]/u.test(body)) return false;
  if (/^[\w-]+:(?:\s|$)/.test(body) && !/^[\w-]+:\s+\p{Lu}/u.test(body)) return false;
  return words(body).length >= 6;
}

function hasProseEdit(a: string, b: string): { ok: boolean; changed: number } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const c of diffArrays(a.split('\n'), b.split('\n'))) {
    if (c.removed) removed.push(...c.value);
    else if (c.added) added.push(...c.value);
  }
  const changed = removed.length + added.length;
  if (changed > MAX_CHANGED_LINES) return { ok: false, changed };
  const r = removed.filter(isProse);
  const s = added.filter(isProse);
  const ok = r.some((x) => s.some((y) => x !== y && wordSimilarity(x, y) >= 0.5));
  return { ok, changed };
}

interface Candidate {
  commit: string;
  parent: string;
  path: string;
  time: number;
  a: string;
  b: string;
}

function candidates(gitDir: string): Candidate[] {
  const git = (...args: string[]): string =>
    execFileSync('git', ['--git-dir', gitDir, '-c', 'core.quotepath=off', ...args], { maxBuffer: 1 << 28, encoding: 'utf8' });
  const log = git('log', '--no-merges', '--diff-filter=M', '--format=@%H %P %ct', '--name-only', '--', '*.md');
  const out: Candidate[] = [];
  let commit = '';
  let parent = '';
  let time = 0;
  for (const line of log.split('\n')) {
    if (line.startsWith('@')) {
      const [c, p, t] = line.slice(1).split(' ');
      commit = c ?? '';
      parent = p ?? '';
      time = Number(t);
      continue;
    }
    if (line.trim() === '' || parent === '') continue;
    let a: string;
    let b: string;
    try {
      a = git('show', `${parent}:${line}`);
      b = git('show', `${commit}:${line}`);
    } catch {
      continue;
    }
    if (a === b || Math.min(a.length, b.length) < MIN_SIZE || Math.max(a.length, b.length) > MAX_SIZE) continue;
    if (dutchShare(b) < 0.08) continue;
    if (!hasProseEdit(a, b).ok) continue;
    out.push({ commit, parent, path: line, time, a, b });
  }
  return out.sort((x, y) => x.time - y.time || x.path.localeCompare(y.path) || x.commit.localeCompare(y.commit));
}

/** Up to `n` candidates evenly spread over the list, one per commit and two per file. */
function spread(list: readonly Candidate[], n: number): Candidate[] {
  const picked: Candidate[] = [];
  const commits = new Set<string>();
  const paths = new Map<string, number>();
  const taken = new Set<number>();
  for (let k = 0; k < n && picked.length < n; k++) {
    // Start at the evenly spaced index and take the first acceptable candidate from there on.
    for (let i = Math.floor((k * list.length) / n); i < list.length; i++) {
      const c = list[i];
      if (c === undefined || taken.has(i) || commits.has(c.commit) || (paths.get(c.path) ?? 0) >= 2) continue;
      picked.push(c);
      taken.add(i);
      commits.add(c.commit);
      paths.set(c.path, (paths.get(c.path) ?? 0) + 1);
      break;
    }
  }
  return picked;
}

function main(): void {
  const [outDir, ...specs] = process.argv.slice(2);
  if (outDir === undefined || specs.length === 0) {
    console.error('usage: tsx scripts/redline-corpus.ts <out-dir> <owner/name>=<git-dir> ...');
    process.exit(2);
  }
  const entries: CorpusEntry[] = [];
  fs.mkdirSync(outDir, { recursive: true });
  for (const spec of specs) {
    const [repo, gitDir] = spec.split('=');
    const source = repo === undefined ? undefined : SOURCES[repo];
    if (repo === undefined || gitDir === undefined || source === undefined) {
      throw new Error(`not an accepted source (see SOURCES): ${spec}`);
    }
    const list = candidates(gitDir);
    const picked = spread(list, PER_REPO);
    console.log(`${repo}: ${list.length} candidate pairs, ${picked.length} taken`);
    for (const c of picked) {
      const id = String(entries.length + 1).padStart(3, '0');
      fs.mkdirSync(path.join(outDir, id), { recursive: true });
      fs.writeFileSync(path.join(outDir, id, 'van.md'), c.a);
      fs.writeFileSync(path.join(outDir, id, 'naar.md'), c.b);
      entries.push({
        id,
        repo,
        commit: c.commit,
        parent: c.parent,
        path: c.path,
        date: new Date(c.time * 1000).toISOString().slice(0, 10),
        licence: source.licence,
      });
    }
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(entries, null, 2) + '\n');
  const lines = [
    '# Redline corpus: sources and licences',
    '',
    'Real revision pairs of Dutch public texts, taken unchanged from public git repositories by',
    '`scripts/redline-corpus.ts` (selection criteria there and in docs/benchmarks.md). Each folder holds',
    '`van.md` (the file in the parent commit) and `naar.md` (the file in the commit).',
    '',
    '| repository | licence | where the licence is stated |',
    '| --- | --- | --- |',
    ...Object.entries(SOURCES)
      .filter(([repo]) => entries.some((e) => e.repo === repo))
      .map(([repo, s]) => `| https://github.com/${repo} | ${s.licence} | ${s.evidence} |`),
    '',
    '| pair | repository | commit (parent) | file | date |',
    '| --- | --- | --- | --- | --- |',
    ...entries.map((e) => `| ${e.id} | ${e.repo} | ${e.commit} (${e.parent}) | \`${e.path}\` | ${e.date} |`),
    '',
  ];
  fs.writeFileSync(path.join(outDir, 'SOURCES.md'), lines.join('\n'));
  console.log(`${entries.length} pairs written to ${outDir}`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
