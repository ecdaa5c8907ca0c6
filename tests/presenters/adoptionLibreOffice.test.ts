/**
 * The DOCX opens in LibreOffice: converted to PDF without error, and to ODT with its tracked changes
 * recognised as such (author = the amendment's proposer). `npm test` installs LibreOffice
 * (scripts/ensure-test-tools.mjs); run through vitest alone without it, the tests are skipped with a
 * message saying so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptionFile } from '../../src/presenters/adoption/adoptionFile.js';
import { readZip } from '../../src/presenters/adoption/zipArchive.js';
import { adoptionDocument } from '../../src/queries/adoptionQueries.js';
import { mergedAmendmentVersion } from '../helpers/adoptionScenario.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';
const installed = spawnSync(SOFFICE, ['--version'], { encoding: 'utf8' }).status === 0;
if (!installed) console.warn(`LibreOffice (${SOFFICE}) is not installed: skipping the DOCX conversion tests. Install libreoffice-writer (as npm test does) to run them.`);

let t: TestApp;
let dir: string;
let docx: string;

beforeAll(async () => {
  if (!installed) return;
  t = await makeTestApp();
  await mergedAmendmentVersion(t);
  dir = tempDir('principes-soffice-');
  const file = await adoptionFile(await adoptionDocument(t.stores, 'digitale-stad', '1.1', { publicUrl: 'https://principes.vng.nl' }), 'docx');
  docx = path.join(dir, file.name);
  fs.writeFileSync(docx, file.body);
}, 60_000);

afterAll(() => {
  t?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** soffice with its own profile folder, so parallel runs and a user's LibreOffice never interfere. */
function convert(to: string): { status: number | null; output: string } {
  const profile = pathToFileURL(path.join(dir, `profile-${to.split(':')[0] ?? to}`)).href;
  const r = spawnSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', dir, docx], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!installed)('the adoption document in LibreOffice', () => {
  it('converts to PDF without error', () => {
    const r = convert('pdf');
    expect(r.status, r.output).toBe(0);
    const pdf = docx.replace(/\.docx$/, '.pdf');
    expect(fs.existsSync(pdf), r.output).toBe(true);
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  }, 150_000);

  it('keeps the tracked changes, by the proposer', () => {
    const r = convert('odt');
    expect(r.status, r.output).toBe(0);
    const odt = fs.readFileSync(docx.replace(/\.docx$/, '.odt'));
    const content = readZip(odt).find((e) => e.name === 'content.xml')?.data.toString('utf8') ?? '';
    expect(content).toContain('<text:tracked-changes');
    expect(content).toMatch(/<text:changed-region[\s\S]*?<text:insertion>[\s\S]*?<dc:creator>Anna Amsterdam \(Amsterdam\)<\/dc:creator>/);
    expect(content).toMatch(/<text:deletion>[\s\S]*?veilige/);
  }, 150_000);
});
