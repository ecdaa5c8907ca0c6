import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { PageAssembly } from '../../src/presenters/pageAssembly.js';

describe('PageAssembly', () => {
  it('splices each rendered slot\'s bytes in, in any order, and leaves out slots that are not rendered', () => {
    const page = new PageAssembly();
    const a = page.slot([Buffer.from('<p>één</p>'), Buffer.from('<p>twee</p>')]);
    const b = page.slot([Buffer.from('<svg/>')]);
    page.slot([Buffer.from('never')]);
    const html = ejs.render('<main><%- b %> – <%- a %></main>', { a, b });
    expect(page.assemble(html).toString('utf8')).toBe('<main><svg/> – <p>één</p><p>twee</p></main>');
  });

  it('text from users cannot forge a marker: it is escaped, and an unknown marker stays as it is', () => {
    const page = new PageAssembly();
    page.slot([Buffer.from('SECRET')]);
    const html = ejs.render('<p><%= name %></p><!--app:slot:7-->', { name: '<!--app:slot:0-->' });
    const out = page.assemble(html).toString('utf8');
    expect(out).toBe('<p>&lt;!--app:slot:0--&gt;</p><!--app:slot:7-->');
    expect(out).not.toContain('SECRET');
  });
});
