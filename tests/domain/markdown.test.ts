import { describe, expect, it } from 'vitest';
import { markdown, renderInline, renderMarkdown } from '../../src/domain/markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    expect(renderMarkdown('# Kop\n\nEen *zin* met [een link](https://vng.nl/).\n')).toBe(
      '<h1>Kop</h1>\n<p>Een <em>zin</em> met <a href="https://vng.nl/">een link</a>.</p>\n',
    );
  });

  it('escapes raw HTML instead of executing it', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nTekst <img src=x onerror="alert(1)"> hier.\n');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('never links to javascript:, vbscript: or file: URLs', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'vbscript:msgbox(1)', 'file:///etc/passwd']) {
      const html = renderMarkdown(`[x](${url}) en <${url}>\n`);
      expect(html, url).not.toMatch(/href="(?:javascript|vbscript|file):/i);
      expect(html, url).not.toContain('<a ');
    }
    expect(renderMarkdown('![x](javascript:alert(1))\n')).not.toMatch(/src="javascript:/i);
  });

  it('opens links normally (no target)', () => {
    expect(renderMarkdown('[VNG](https://vng.nl/)')).not.toContain('target');
  });

  it('does not linkify bare URLs and keeps straight quotes', () => {
    expect(renderMarkdown('Zie https://vng.nl en "dit" -- dat.')).toBe(
      '<p>Zie https://vng.nl en &quot;dit&quot; -- dat.</p>\n',
    );
  });

  it('renders a soft line break as one space', () => {
    expect(renderMarkdown('Eerste zin.\nTweede zin.\n')).toBe('<p>Eerste zin. Tweede zin.</p>\n');
    expect(renderMarkdown('Eerste zin.\nTweede zin.\n')).toBe(renderMarkdown('Eerste zin. Tweede zin.\n'));
    expect(renderMarkdown('- Eerste zin.\n  Tweede zin.\n')).toBe(renderMarkdown('- Eerste zin. Tweede zin.\n'));
  });

  it('keeps hard breaks', () => {
    expect(renderMarkdown('Regel een  \nregel twee\\\nregel drie')).toBe(
      '<p>Regel een<br>\nregel twee<br>\nregel drie</p>\n',
    );
  });

  it('renders a soft break in an image description as a space too', () => {
    expect(renderMarkdown('![Een.\nTwee.](a.png)')).toBe(renderMarkdown('![Een. Twee.](a.png)'));
    expect(renderMarkdown('![Een.\nTwee.](a.png)')).toContain('alt="Een. Twee."');
  });
});

describe('renderInline', () => {
  it('renders a title without a paragraph', () => {
    expect(renderInline('Open en *gedeelde* data')).toBe('Open en <em>gedeelde</em> data');
  });

  it('escapes HTML in titles', () => {
    expect(renderInline('<b onmouseover="x()">Titel</b>')).toBe('&lt;b onmouseover=&quot;x()&quot;&gt;Titel&lt;/b&gt;');
  });

  it('uses the same configuration as renderMarkdown', () => {
    expect(markdown.options.html).toBe(false);
    expect(markdown.options.linkify).toBe(false);
    expect(markdown.options.typographer).toBe(false);
  });
});
