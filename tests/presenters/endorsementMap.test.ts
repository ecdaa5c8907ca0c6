import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeXml, mapGeometry, MUNICIPALITY_BOUNDARIES, NEUTRAL_FILL, renderEndorsementMap, versionStyles } from '../../src/presenters/endorsementMap.js';

/** The map's shape links: code, accessible name, title, path id and fill. */
function shapes(svg: string) {
  return [...svg.matchAll(/<a href="\/organisaties\/([^"]+)" tabindex="-1" aria-label="([^"]*)"><title>([^<]*)<\/title><path id="([^"]+)" class="[^"]+" fill="([^"]+)" d="([^"]+)"\/><\/a>/g)].map((m) => ({
    code: m[1] ?? '',
    label: m[2] ?? '',
    title: m[3] ?? '',
    id: m[4] ?? '',
    fill: m[5] ?? '',
    d: m[6] ?? '',
  }));
}

const cbsCodes = fs
  .readFileSync(path.join(path.dirname(MUNICIPALITY_BOUNDARIES), 'gemeenten-2025.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0] ?? '');

describe('the endorsement map', () => {
  const endorsed = new Map([
    ['GM0363', '1.0'],
    ['GM0772', '1.1'],
    ['GM0344', '1.1'],
  ]);

  it('draws all 342 municipalities of the CBS list, each a link with a unique id and a path', () => {
    const map = renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['1.1', '1.0'] });
    const all = shapes(map.svg);
    expect(map.shapes).toBe(342);
    expect(all).toHaveLength(342);
    expect(map.svg.match(/<path /g)).toHaveLength(342);
    expect(new Set(all.map((s) => s.code))).toEqual(new Set(cbsCodes));
    expect(new Set(all.map((s) => s.id)).size).toBe(342);
    for (const s of all) {
      expect(s.id).toBe(`kaart-${s.code}`);
      expect(s.d).toMatch(/^M[\d.,\-LZM]+Z$/);
      // Every coordinate inside the view box.
      const [, , w, h] = (/viewBox="([^"]+)"/.exec(map.svg)?.[1] ?? '').split(' ').map(Number);
      for (const [x, y] of [...s.d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])])) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(w ?? 0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(h ?? 0);
      }
    }
  });

  it('links each shape to its organisation page with an accessible name; no shape is a tab stop', () => {
    const map = renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['1.1', '1.0'] });
    const byCode = new Map(shapes(map.svg).map((s) => [s.code, s]));
    expect(byCode.get('GM0363')).toMatchObject({ label: 'Amsterdam: onderschreven, versie 1.0', title: 'Amsterdam: onderschreven, versie 1.0' });
    expect(byCode.get('GM0772')).toMatchObject({ label: 'Eindhoven: onderschreven, versie 1.1' });
    expect(byCode.get('GM0796')).toMatchObject({ label: '&#39;s-Hertogenbosch: geen onderschrijving' });
    expect(map.svg).not.toMatch(/tabindex="(?!-1")/);
    // A named group of links, not an image (an image may not contain links).
    expect(map.svg).toMatch(/^<svg [^>]*role="group" aria-label="Kaart van Nederland[^"]*"/);
    expect(map.svg).not.toContain('role="img"');
  });

  it('fills each municipality with the pattern of the newest version it endorses, the others neutral', () => {
    const map = renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['1.1', '1.0'] });
    const byCode = new Map(shapes(map.svg).map((s) => [s.code, s]));
    expect(byCode.get('GM0363')?.fill).toBe('url(#kaart-versie-1-0)');
    expect(byCode.get('GM0772')?.fill).toBe('url(#kaart-versie-1-1)');
    expect(byCode.get('GM0344')?.fill).toBe('url(#kaart-versie-1-1)');
    expect(shapes(map.svg).filter((s) => s.fill === NEUTRAL_FILL)).toHaveLength(339);
  });

  it('defines one hatching pattern per version, distinct in colour and in pattern (not colour alone)', () => {
    const map = renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['2.0', '1.1', '1.0'] });
    const patterns = [...map.svg.matchAll(/<pattern id="([^"]+)"[^>]*>(.*?)<\/pattern>/g)];
    expect(patterns.map((p) => p[1])).toEqual(['kaart-versie-2-0', 'kaart-versie-1-1', 'kaart-versie-1-0']);
    // Each pattern has a base colour and white hatching or dots on it.
    for (const p of patterns) expect(p[2]).toMatch(/fill="#ffffff"/);
    const colours = patterns.map((p) => /<rect width="6" height="6" fill="(#[0-9a-f]{6})"/.exec(p[2] ?? '')?.[1]);
    expect(new Set(colours).size).toBe(3);
    expect(new Set(patterns.map((p) => (p[2] ?? '').replace(/#[0-9a-f]{6}/, '') + /patternTransform="[^"]*"/.exec(p[0])?.[0])).size).toBe(3);
    const styles = versionStyles(['2.0', '1.1', '1.0']);
    expect(new Set(styles.map((s) => s.hatch)).size).toBe(3);
    expect(new Set(styles.map((s) => s.beschrijving)).size).toBe(3);
  });

  it('keeps the style of a version when a newer version is named', () => {
    const before = versionStyles(['1.0']);
    const after = versionStyles(['1.1', '1.0']);
    expect(after.find((s) => s.versie === '1.0')).toEqual(before[0]);
    // Many versions still get distinct combinations of colour and hatching.
    const many = versionStyles(Array.from({ length: 20 }, (_, i) => `1.${19 - i}`));
    expect(new Set(many.map((s) => `${s.colour} ${s.hatch}`)).size).toBe(20);
  });

  it('has a legend naming each version with its colour and pattern and how many municipalities, and the neutral fill', () => {
    const map = renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['1.1', '1.0'] });
    expect(map.legend).toEqual([
      { versie: '1.1', label: 'Versie 1.1 (nieuwste versie)', beschrijving: 'oranje, kruislings gearceerd', aantal: 2, fill: 'url(#kaart-versie-1-1)' },
      { versie: '1.0', label: 'Versie 1.0', beschrijving: 'blauw, schuin gearceerd', aantal: 1, fill: 'url(#kaart-versie-1-0)' },
      { versie: null, label: 'Geen onderschrijving', beschrijving: 'lichtgrijs, zonder patroon', aantal: 339, fill: NEUTRAL_FILL },
    ]);
    expect(map.legendHtml).toContain('Versie 1.1 (nieuwste versie) <span class="app-map-legend-pattern">(oranje, kruislings gearceerd)</span>: 2 gemeenten');
    expect(map.legendHtml).toContain('Versie 1.0 <span class="app-map-legend-pattern">(blauw, schuin gearceerd)</span>: 1 gemeente<');
    expect(map.legendHtml).toContain('Geen onderschrijving');
    // The swatches use the map's own patterns and are hidden from assistive technology (the text says it).
    expect(map.legendHtml.match(/<svg class="app-map-swatch"[^>]*aria-hidden="true"/g)).toHaveLength(3);
    expect(map.legendHtml).toContain('fill="url(#kaart-versie-1-1)"');
  });

  it('escapes names in titles and labels: HTML and script in a name stay text', () => {
    const evil = `<script>alert("x")</script> & 'Zo' <img src=x onerror=alert(1)>`;
    const map = renderEndorsementMap({
      newestByCode: endorsed,
      versionsNewestFirst: ['1.1', '1.0'],
      names: new Map([['GM0363', evil]]),
      label: 'Kaart <b>',
      describedBy: 'x" onload="y',
    });
    expect(map.svg).not.toContain('<script>');
    expect(map.svg).not.toContain('<img');
    expect(map.svg).not.toContain('<b>');
    expect(map.svg).not.toContain('" onload="');
    const amsterdam = shapes(map.svg).find((s) => s.code === 'GM0363');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Zo&#39; &lt;img src=x onerror=alert(1)&gt;: onderschreven, versie 1.0';
    expect(amsterdam?.title).toBe(escaped);
    expect(amsterdam?.label).toBe(escaped);
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&#39;');
  });

  it('projects the boundaries once per process (memoised) and renders fast', () => {
    const first = mapGeometry();
    expect(mapGeometry()).toBe(first);
    expect(first.width).toBe(600);
    expect(first.height).toBeGreaterThan(600);
    expect(first.height).toBeLessThan(800);
    const started = performance.now();
    for (let i = 0; i < 20; i += 1) renderEndorsementMap({ newestByCode: endorsed, versionsNewestFirst: ['1.1', '1.0'] });
    expect((performance.now() - started) / 20).toBeLessThan(20);
  });
});
