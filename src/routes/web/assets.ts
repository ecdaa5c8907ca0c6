/**
 * Static assets, served locally (no CDN): the NL Design System CSS (Utrecht components + the
 * voorbeeld theme), the Noto Sans font files, and the app's own stylesheet in public/.
 */
import express, { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

export function assetsRouter(): Router {
  const r = Router();
  const opts = { maxAge: '1d', fallthrough: false, index: false as const, dotfiles: 'deny' as const };
  r.use('/utrecht', express.static(path.join(packageDir('@utrecht/component-library-css'), 'dist'), opts));
  r.use('/thema', express.static(path.join(packageDir('@nl-design-system-unstable/voorbeeld-design-tokens'), 'dist'), opts));
  r.use('/noto-sans', express.static(packageDir('@fontsource/noto-sans'), opts));
  r.use('/noto-serif', express.static(packageDir('@fontsource/noto-serif'), opts));
  r.use('/noto-sans-mono', express.static(packageDir('@fontsource/noto-sans-mono'), opts));
  r.use('/app', express.static(path.join(PROJECT_ROOT, 'public'), opts));
  return r;
}
