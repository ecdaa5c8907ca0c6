#!/usr/bin/env node
// The browser tests drive Debian's Chromium (/usr/bin/chromium) with playwright-core. On a fresh
// machine it is not there yet: install it with apt-get (we run as root on CI and dev machines).
// Where that is impossible, say so loudly and fail: a silent skip would hide untested pages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (fs.existsSync(CHROMIUM)) process.exit(0);

console.log(`Chromium not found at ${CHROMIUM}: installing the Debian package "chromium" for the browser tests...`);
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = asRoot ? [] : ['sudo', '-n'];
try {
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']);
} catch (e) {
  console.error('Could not install Chromium. Install it yourself (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium still not found at ${CHROMIUM} after installing.`);
  process.exit(1);
}
