/**
 * Static assets, served locally (no CDN): the NL Design System CSS (Utrecht components + the
 * voorbeeld theme), the Noto font files, and the app's own stylesheet in public/.
 *
 * Package folders hold more than the pages need (package.json, README, CHANGELOG, design tokens as
 * JSON and JS, Sass sources): from a package only what a page loads is served, by an allowlist of
 * names per folder: stylesheets, the fonts' woff/woff2 files, and the font licence (SIL OFL 1.1, which
 * asks that it accompany redistributed fonts; served as text). Anything else is a 404.
 */
import express, { Router, type RequestHandler } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import { NotFound } from '../../errors.js';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Top-level stylesheets only (names as the packages write them; no encoded characters, no folders). */
const STYLESHEET = /^\/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.css$/;
/** A font package: its stylesheets, its font files under files/, and its licence. */
const FONT_PACKAGE = /^\/(?:[A-Za-z0-9_-]+\.css|files\/[A-Za-z0-9_-]+\.woff2?|LICENSE)$/;

/** Passes only paths matching `allowed` (checked on the raw, undecoded path) to what follows. */
function only(allowed: RegExp): RequestHandler {
  return (req, _res, next) => {
    next(allowed.test(req.path) ? undefined : new NotFound('Deze pagina bestaat niet.'));
  };
}

export function assetsRouter(): Router {
  const r = Router();
  const opts = {
    maxAge: '1d',
    fallthrough: false,
    index: false as const,
    dotfiles: 'deny' as const,
    setHeaders: (res: express.Response, file: string) => {
      if (path.basename(file) === 'LICENSE') res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    },
  };
  const fromPackage = (mount: string, dir: string, allowed: RegExp) => r.use(mount, only(allowed), express.static(dir, opts));
  fromPackage('/utrecht', path.join(packageDir('@utrecht/component-library-css'), 'dist'), STYLESHEET);
  fromPackage('/thema', path.join(packageDir('@nl-design-system-unstable/voorbeeld-design-tokens'), 'dist'), STYLESHEET);
  for (const font of ['noto-sans', 'noto-serif', 'noto-sans-mono']) fromPackage(`/${font}`, packageDir(`@fontsource/${font}`), FONT_PACKAGE);
  // Our own folder: everything in it is meant to be served.
  r.use('/app', express.static(path.join(PROJECT_ROOT, 'public'), opts));
  return r;
}
