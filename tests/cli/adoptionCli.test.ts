/**
 * `npm run cli -- vaststellingsstuk`: writes the adoption document from the store without a server,
 * byte for byte what the API gives for the same record; refuses, with a clear message, while a live
 * process (the service) holds the store's lock.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { mergedAmendmentVersion } from '../helpers/adoptionScenario.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const scratch = tempDir('principes-stuk-');

beforeAll(async () => {
  t = await makeTestApp();
  await mergedAmendmentVersion(t);
});
afterAll(() => {
  t.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function cli(args: string[]) {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const { PUBLIC_URL: _p, DATA_DIR: _d, ...env } = process.env;
  const res = spawnSync(tsx, [path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), 'vaststellingsstuk', ...args], { encoding: 'utf8', env, cwd: scratch });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

async function fromApi(formaat: string): Promise<Buffer> {
  const res = await request(t.app)
    .get(`/api/v1/documenten/digitale-stad/versies/1.1/vaststellingsstuk?formaat=${formaat}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return res.body as Buffer;
}

describe('npm run cli -- vaststellingsstuk', () => {
  it('writes the DOCX, identical to the API’s', async () => {
    const file = path.join(scratch, 'stuk.docx');
    const res = cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'docx', '--uit', file, '--data-dir', t.dataDir]);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^Wrote .*stuk\.docx \(\d+ bytes, SHA-256 [0-9a-f]{64}\)/);
    expect(fs.readFileSync(file).equals(await fromApi('docx'))).toBe(true);
  });

  it('writes Markdown and HTML identical to the API’s; the default name comes from the version', async () => {
    const md = cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'md', '--data-dir', t.dataDir]);
    expect(md.code, md.err).toBe(0);
    expect(fs.readFileSync(path.join(scratch, 'vaststellingsstuk-digitale-stad-1.1.md')).equals(await fromApi('md'))).toBe(true);
    const html = cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'html', '--uit', 'stuk.html', '--data-dir', t.dataDir]);
    expect(html.code, html.err).toBe(0);
    expect(fs.readFileSync(path.join(scratch, 'stuk.html')).equals(await fromApi('html'))).toBe(true);
  });

  it('refuses while a live process holds the store’s lock, and says what to do instead', () => {
    const lock = path.join(t.dataDir, '.lock');
    fs.writeFileSync(lock, String(process.pid));
    try {
      const res = cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'docx', '--uit', path.join(scratch, 'nee.docx'), '--data-dir', t.dataDir]);
      expect(res.code).toBe(1);
      expect(res.err).toContain(`is in use by the running service (pid ${process.pid})`);
      expect(res.err).toContain('/api/v1/documenten/digitale-stad/versies/1.1/vaststellingsstuk?formaat=docx');
      expect(fs.existsSync(path.join(scratch, 'nee.docx'))).toBe(false);
      expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it('takes over a lock left by a dead process, and releases its own', () => {
    const lock = path.join(t.dataDir, '.lock');
    fs.writeFileSync(lock, '999999999');
    const res = cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'md', '--uit', path.join(scratch, 'na.md'), '--data-dir', t.dataDir]);
    expect(res.code, res.err).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('unknown version 1, bad usage 2', () => {
    const unknown = cli(['--document', 'digitale-stad', '--versie', '9.9', '--data-dir', t.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Versie 9.9 bestaat niet');
    expect(cli(['--document', 'digitale-stad', '--versie', '1.1', '--formaat', 'pdf', '--data-dir', t.dataDir]).code).toBe(2);
    expect(cli(['--versie', '1.1', '--data-dir', t.dataDir]).code).toBe(2);
    expect(cli(['--document', 'digitale-stad', '--versie', '1.1', '--data-dir', path.join(scratch, 'geen-store')]).err).toContain('No store at');
  });
});
