#!/usr/bin/env node
// What the tests need besides npm packages, installed by `npm test` itself on a fresh machine:
// - Debian's Chromium (/usr/bin/chromium): the browser tests drive it with playwright-core and axe;
// - LibreOffice Writer (`soffice`): the adoption document's DOCX is checked by converting it
//   (tests/presenters/adoptionLibreOffice.test.ts).
// Missing ones are installed with apt-get in one go (we run as root on CI and dev machines; otherwise
// `sudo -n`). Where that is impossible, say so loudly and fail: a silent skip would hide untested work.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';

const missing = [];
if (!fs.existsSync(CHROMIUM)) missing.push({ what: `Chromium (${CHROMIUM})`, pkg: 'chromium' });
const sofficeWorks = () => spawnSync(SOFFICE, ['--version'], { stdio: 'ignore' }).status === 0;
if (!sofficeWorks()) missing.push({ what: `LibreOffice (${SOFFICE})`, pkg: 'libreoffice-writer' });
if (missing.length === 0) process.exit(0);

console.log(`Not found: ${missing.map((m) => m.what).join(', ')}. Installing the Debian packages ${missing.map((m) => `"${m.pkg}"`).join(', ')} for the tests...`);
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = asRoot ? [] : ['sudo', '-n'];
try {
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing.map((m) => m.pkg)]);
} catch (e) {
  console.error(
    `Could not install ${missing.map((m) => m.pkg).join(' and ')}. Install them yourself (Debian: apt-get install ${missing.map((m) => m.pkg).join(' ')}) or set CHROMIUM_PATH / SOFFICE_PATH.`,
  );
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium still not found at ${CHROMIUM} after installing.`);
  process.exit(1);
}
if (!sofficeWorks()) {
  console.error(`LibreOffice (${SOFFICE}) still does not run after installing.`);
  process.exit(1);
}
