/**
 * A page put together from rendered HTML and byte fragments kept between requests. The template outputs
 * a slot marker where a fragment goes (`<%- slots.map %>`); after rendering, `assemble` turns the HTML into
 * UTF-8 and splices each slot's bytes in. So the big parts that rarely change (the map's 170 kB, rows
 * rendered once per endorsement) are not copied into the template's string and encoded again on every
 * request: only the glue around them is.
 *
 * A marker is an HTML comment (`<!--app:slot:N-->`): text from users is always escaped (`<` becomes
 * `&lt;`), so only our own markup can contain one. A marker that is not rendered leaves its slot out.
 */
const PREFIX = '<!--app:slot:';
const PREFIX_BYTES = Buffer.from(PREFIX, 'utf8');
const SUFFIX_BYTES = Buffer.from('-->', 'utf8');

export class PageAssembly {
  private readonly slots: (readonly Buffer[])[] = [];

  /** A marker for the template; `parts` go where it is rendered. */
  slot(parts: readonly Buffer[]): string {
    this.slots.push(parts);
    return `${PREFIX}${this.slots.length - 1}-->`;
  }

  /** The page as UTF-8 bytes with every rendered marker replaced by its slot's bytes. */
  assemble(html: string): Buffer {
    const page = Buffer.from(html, 'utf8');
    const out: Buffer[] = [];
    let from = 0;
    for (;;) {
      const at = page.indexOf(PREFIX_BYTES, from);
      if (at < 0) break;
      const end = page.indexOf(SUFFIX_BYTES, at + PREFIX_BYTES.length);
      const index = end < 0 ? Number.NaN : Number(page.toString('latin1', at + PREFIX_BYTES.length, end));
      const parts = Number.isInteger(index) ? this.slots[index] : undefined;
      if (parts === undefined) {
        // Not one of ours (cannot happen: text is escaped); keep it as it is.
        out.push(page.subarray(from, at + PREFIX_BYTES.length));
        from = at + PREFIX_BYTES.length;
        continue;
      }
      out.push(page.subarray(from, at), ...parts);
      from = end + SUFFIX_BYTES.length;
    }
    out.push(page.subarray(from));
    return Buffer.concat(out);
  }
}
