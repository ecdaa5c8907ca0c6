/**
 * /assets serves what the pages load (stylesheets, font files) and the font licence, and nothing else
 * from the packages: no package.json, README, CHANGELOG, design tokens as JSON/JS or Sass sources.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

const require = createRequire(import.meta.url);

describe('/assets', () => {
  it('serves every stylesheet the pages link and every font file those stylesheets name', async () => {
    const home = await request(t.app).get('/').expect(200);
    const sheets = [...home.text.matchAll(/<link rel="stylesheet" href="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sheets.length).toBeGreaterThan(4);
    for (const sheet of sheets) {
      const css = await request(t.app).get(sheet).expect(200).expect('Content-Type', /text\/css/);
      const fonts = [...css.text.matchAll(/url\(\.\/(files\/[^)]+)\)/g)].map((m) => m[1] ?? '');
      for (const font of fonts) await request(t.app).get(`${path.posix.dirname(sheet)}/${font}`).expect(200).expect('Content-Type', /font\/woff2?/);
    }
  });

  it('serves the font licence as text', async () => {
    const res = await request(t.app).get('/assets/noto-sans/LICENSE').expect(200).expect('Content-Type', 'text/plain; charset=utf-8');
    expect(res.text).toContain('SIL OPEN FONT LICENSE');
  });

  it('does not serve package metadata, READMEs, tokens or sources: 404 (the Dutch page)', async () => {
    // Only files that really exist, so a 404 is the allowlist's doing.
    const urls: [string, string, string][] = [
      ['/assets/noto-sans/package.json', '@fontsource/noto-sans', 'package.json'],
      ['/assets/noto-sans/README.md', '@fontsource/noto-sans', 'README.md'],
      ['/assets/noto-serif/CHANGELOG.md', '@fontsource/noto-serif', 'CHANGELOG.md'],
      ['/assets/noto-sans-mono/package.json', '@fontsource/noto-sans-mono', 'package.json'],
      ['/assets/noto-sans/index.css/../package.json', '@fontsource/noto-sans', 'package.json'],
      ['/assets/noto-sans/package%2ejson', '@fontsource/noto-sans', 'package.json'],
      ['/assets/thema/tokens.json', '@nl-design-system-unstable/voorbeeld-design-tokens', 'dist/tokens.json'],
      ['/assets/thema/variables.cjs', '@nl-design-system-unstable/voorbeeld-design-tokens', 'dist/variables.cjs'],
      ['/assets/thema/_variables.scss', '@nl-design-system-unstable/voorbeeld-design-tokens', 'dist/_variables.scss'],
    ];
    for (const [url, pkg, file] of urls) {
      expect(fs.existsSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file)), file).toBe(true);
      const res = await request(t.app).get(url);
      expect(res.status, url).toBe(404);
      expect(res.text, url).toContain('Pagina niet gevonden');
    }
    expect(t.errors).toEqual([]);
  });
});
