/**
 * Every fan-out of file reads and writes in the git store is bounded: a document of 1,500 principles is
 * imported, changed in one commit, named, and its adoption document written by the CLI, all in child
 * processes whose open-file limit is 128 (`ulimit -n`). With one unbounded `Promise.all` over the files
 * (blob reads, object writes, folder fsyncs) they fail with EMFILE; bounded, they finish. Not timed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { tempDir } from '../helpers/testApp.js';

const PRINCIPLES = 1500;
const OPEN_FILES = 128;
const scratch = tempDir('principes-veel-');
const dataDir = path.join(scratch, 'store');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs a TypeScript entry point with tsx under `ulimit -n OPEN_FILES`. */
function limited(script: string, args: string[]) {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const { PUBLIC_URL: _p, DATA_DIR: _d, ...env } = process.env;
  const res = spawnSync('bash', ['-c', `ulimit -n ${OPEN_FILES} && exec "$@"`, 'bash', tsx, script, ...args], { encoding: 'utf8', env, cwd: scratch, maxBuffer: 16 * 1024 * 1024 });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe(`a document of ${PRINCIPLES} principles with at most ${OPEN_FILES} open files`, () => {
  it('the limit is really in force for the children', () => {
    const res = spawnSync('bash', ['-c', `ulimit -n ${OPEN_FILES} && ulimit -n`], { encoding: 'utf8' });
    expect(res.stdout.trim()).toBe(String(OPEN_FILES));
  });

  it('imports, commits to every file, names a version and reads it back without running out of file descriptors', { timeout: 120_000 }, () => {
    const res = limited(path.join(PROJECT_ROOT, 'tests', 'helpers', 'manyFilesStore.ts'), [dataDir, path.join(scratch, 'seed'), String(PRINCIPLES)]);
    expect(res.err).not.toContain('EMFILE');
    expect(res.code, res.err).toBe(0);
    expect(JSON.parse(res.out)).toEqual({ files: PRINCIPLES + 1, changed: PRINCIPLES });
  });

  it('writes the adoption document (Markdown and Word) with the redline over every principle', { timeout: 120_000 }, () => {
    for (const formaat of ['md', 'docx']) {
      const file = path.join(scratch, `stuk.${formaat}`);
      const res = limited(path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), ['vaststellingsstuk', '--document', 'veel', '--versie', '1.1', '--formaat', formaat, '--uit', file, '--data-dir', dataDir]);
      expect(res.err).not.toContain('EMFILE');
      expect(res.code, res.err).toBe(0);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    }
    const md = fs.readFileSync(path.join(scratch, 'stuk.md'), 'utf8');
    expect(md.match(/\{\+\+en veilige \+\+\}/g)).toHaveLength(PRINCIPLES);
    expect(md).toContain('{>>Dirk Direct, commit ');
  });
});
