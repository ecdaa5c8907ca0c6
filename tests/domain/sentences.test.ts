import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/domain/markdown.js';
import {
  DUTCH_ABBREVIATIONS,
  normaliseMarkdown,
  normaliseMarkdownUnchecked,
  splitSentences,
} from '../../src/domain/sentences.js';

const seedDir = fileURLToPath(new URL('../../principles/digitale-stad/', import.meta.url));

/** Normalises and checks the two promises on the way: same HTML, idempotent. */
function norm(md: string): string {
  const out = normaliseMarkdown(md);
  expect(renderMarkdown(out), JSON.stringify(md)).toBe(renderMarkdown(md));
  expect(normaliseMarkdown(out), JSON.stringify(md)).toBe(out);
  return out;
}

describe('normaliseMarkdown: sentences', () => {
  it('puts each sentence on its own line', () => {
    expect(norm('Dit is een zin. Dit is er nog een! En nog een? Ja.')).toBe(
      'Dit is een zin.\nDit is er nog een!\nEn nog een?\nJa.\n',
    );
  });

  it('joins a sentence that is wrapped over several lines', () => {
    expect(norm('Een zin die\nover twee \n   regels loopt. En dan\nnog een.\n')).toBe(
      'Een zin die over twee regels loopt.\nEn dan nog een.\n',
    );
  });

  it('joins lines after a full stop when a lowercase word follows', () => {
    expect(norm('Dit eindigt op bijv.\nDe Bilt.\n')).toBe('Dit eindigt op bijv. De Bilt.\n');
    expect(norm('Eerst dit.\nen dan dat.\n')).toBe('Eerst dit. en dan dat.\n');
  });

  it.each(DUTCH_ABBREVIATIONS.map((a) => [a]))('never splits after the abbreviation %s', (abbr) => {
    expect(norm(`Zie ${abbr} Amsterdam voor meer. Tweede zin.`)).toBe(`Zie ${abbr} Amsterdam voor meer.\nTweede zin.\n`);
    const capital = abbr.charAt(0).toUpperCase() + abbr.slice(1);
    expect(norm(`Zie ${capital} Amsterdam voor meer.\nTweede zin.`)).toBe(
      `Zie ${capital} Amsterdam voor meer.\nTweede zin.\n`,
    );
    expect(norm(`Zie ${abbr.toUpperCase()} Amsterdam.`)).toBe(`Zie ${abbr.toUpperCase()} Amsterdam.\n`);
  });

  it('keeps the list of abbreviations complete', () => {
    for (const abbr of ['bijv.', 'o.a.', 'd.w.z.', 'nr.', 'z.g.a.n.', 'm.b.t.', 't.o.v.', 'i.p.v.', 'e.d.', 'enz.']) {
      expect(DUTCH_ABBREVIATIONS).toContain(abbr);
    }
    for (const abbr of ['etc.', 'ca.', 'mr.', 'dr.', 'drs.', 'ir.', 'prof.', 'mw.', 'dhr.', 'blz.', 'art.', 'jl.']) {
      expect(DUTCH_ABBREVIATIONS).toContain(abbr);
    }
    for (const abbr of ['z.o.z.', 'n.a.v.', 'a.s.', 'resp.', 'incl.', 'excl.', 'vs.', 'e.a.', 'evt.']) {
      expect(DUTCH_ABBREVIATIONS).toContain(abbr);
    }
  });

  it("never breaks 's-Hertogenbosch", () => {
    expect(norm("Ik woon in 's-Hertogenbosch. Dat is mooi.")).toBe("Ik woon in 's-Hertogenbosch.\nDat is mooi.\n");
    expect(norm('Ik woon in ‘s-Hertogenbosch. Dat is mooi.')).toBe('Ik woon in ‘s-Hertogenbosch.\nDat is mooi.\n');
    expect(norm("Ik woon in Utrecht. 's-Hertogenbosch is ook mooi.")).toBe(
      "Ik woon in Utrecht. 's-Hertogenbosch is ook mooi.\n",
    );
    expect(norm('Ik woon in Utrecht.\n‘s-Hertogenbosch is ook mooi.')).toBe(
      'Ik woon in Utrecht. ‘s-Hertogenbosch is ook mooi.\n',
    );
  });

  it('does not split after initials', () => {
    expect(norm('Dit schreef J. de Vries. Hij had gelijk.')).toBe('Dit schreef J. de Vries.\nHij had gelijk.\n');
    expect(norm('Dit schreef J. De Vries. En ook J.P. Balkenende.')).toBe(
      'Dit schreef J. De Vries.\nEn ook J.P. Balkenende.\n',
    );
  });

  it('does not split inside links, and splits after them', () => {
    expect(norm('Zie [de tekst. Meer info](https://vng.nl/a.b. C) hier. Dan.')).toBe(
      'Zie [de tekst. Meer info](https://vng.nl/a.b. C) hier.\nDan.\n',
    );
    expect(norm('Lees [deze pagina](https://vng.nl/). Daarna [dit. Ook](<a b.html> "Titel. Twee").')).toBe(
      'Lees [deze pagina](https://vng.nl/).\nDaarna [dit. Ook](<a b.html> "Titel. Twee").\n',
    );
    expect(norm('Zie <https://vng.nl/a. B> en [ref. Tekst]. Klaar.\n\n[ref. tekst]: https://vng.nl/\n')).toBe(
      'Zie <https://vng.nl/a. B> en [ref. Tekst].\nKlaar.\n\n[ref. tekst]: https://vng.nl/\n',
    );
  });

  it('does not split inside inline code', () => {
    expect(norm('Gebruik `a. B` of ``x. `Y` z``. Dan verder.')).toBe('Gebruik `a. B` of ``x. `Y` z``.\nDan verder.\n');
  });

  it('joins a code span over two lines without changing it', () => {
    expect(norm('Een `code\n  span` over regels. Dan.')).toBe('Een `code   span` over regels.\nDan.\n');
  });

  it('does not split inside HTML-looking text', () => {
    expect(norm('Tekst <span title="Een. Twee">hier</span>. Dan.')).toBe(
      'Tekst <span title="Een. Twee">hier</span>.\nDan.\n',
    );
  });

  it('does not split when a lowercase word follows, as in principle 3', () => {
    const line = 'maakt gebruik van ‘open standaarden, tenzij…’ landelijke of Europese standaarden anders aangeven.';
    expect(norm(`${line} Deze zijn leidend.`)).toBe(`${line}\nDeze zijn leidend.\n`);
  });

  it('splits after closing quotes, brackets and emphasis', () => {
    expect(norm('Hij zei: ‘Ja.’ Daarna ging hij. (Echt waar.) En **Let op.** Klaar.')).toBe(
      'Hij zei: ‘Ja.’\nDaarna ging hij.\n(Echt waar.)\nEn **Let op.**\nKlaar.\n',
    );
    expect(norm('Zin een. "Zin twee." *Zin drie.*')).toBe('Zin een.\n"Zin twee."\n*Zin drie.*\n');
  });

  it('does not split where the new line would start a list, heading or quote', () => {
    expect(norm('Zie artikel 3. 1. De gemeente doet het.')).toBe('Zie artikel 3. 1. De gemeente doet het.\n');
    expect(norm('Het getal is 1999. 2) Tweede punt.')).toBe('Het getal is 1999. 2) Tweede punt.\n');
    expect(norm('Dit is zo. 2024 was een goed jaar.')).toBe('Dit is zo.\n2024 was een goed jaar.\n');
  });

  it('splits after two spaces or a tab between sentences (they render as one space)', () => {
    expect(norm('Een.  Twee.\tDrie. Vier.')).toBe('Een.\nTwee.\nDrie.\nVier.\n');
    // A paragraph typed with two spaces after each sentence and wrapped anywhere: one sentence per line.
    expect(norm('Dit is de eerste zin.  Dit is\nde tweede zin.  En de\nderde.\n')).toBe(
      'Dit is de eerste zin.\nDit is de tweede zin.\nEn de derde.\n',
    );
    // Still not after abbreviations or before a lowercase word.
    expect(norm('Zie bijv.  Amsterdam.  en verder')).toBe('Zie bijv. Amsterdam. en verder\n');
  });

  it('a paragraph typed with two spaces between sentences and the same sentences one per line are one text', () => {
    const typed = 'De gemeente publiceert haar algoritmen.  Zij legt uit hoe ze werken.  Inwoners\nkunnen bezwaar maken.\n';
    const perLine = 'De gemeente publiceert haar algoritmen.\nZij legt uit hoe ze werken.\nInwoners kunnen bezwaar maken.\n';
    expect(norm(typed)).toBe(perLine);
    expect(norm(perLine)).toBe(perLine);
  });

  it('revisions that differ only in whitespace that renders the same normalise to one text', () => {
    const a = '# Titel  \n\nEen zin.  Nog een zin.  \n\n- Punt een  \n- Punt twee\n\n| Naam      | Status   |\n|-----------|----------|\n| Alpha     | Klaar    |\n';
    const b = '# Titel\n\nEen zin.\nNog een zin.\n\n- Punt een\n- Punt twee\n\n| Naam | Status |\n|-----------|----------|\n| Alpha | Klaar |\n';
    expect(norm(a)).toBe(norm(b));
  });

  it('collapses runs of spaces and tabs inside a sentence to one space (they render as one)', () => {
    expect(norm('De  stad is\tvan   iedereen.')).toBe('De stad is van iedereen.\n');
    expect(norm('Code `a  b` en [de   link](x  "t  t") blijven.')).toBe('Code `a  b` en [de   link](x  "t  t") blijven.\n');
  });

  it('writes a hard break of trailing spaces as a backslash, and removes other trailing whitespace', () => {
    expect(norm('Regel een.  \nRegel twee. Drie. \nvier.\\\n   Vijf.')).toBe(
      'Regel een.\\\nRegel twee.\nDrie. vier.\\\n   Vijf.\n',
    );
    expect(norm('Adres:     \nStraat 1')).toBe('Adres:\\\nStraat 1\n');
    // Trailing spaces that are no hard break (end of a paragraph, list item, heading, table row) go.
    expect(norm('# Titel  \n\nZin.  \n\n- Punt  \n- Ander punt\t\n\n| a | b |  \n| - | - |\n| 1 | 2 | \n   \nEinde.')).toBe(
      '# Titel\n\nZin.\n\n- Punt\n- Ander punt\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nEinde.\n',
    );
    // In code they are content.
    expect(norm('```\ncode  \n```\n\n    ingesprongen  \n')).toBe('```\ncode  \n```\n\n    ingesprongen  \n');
  });
});

describe('normaliseMarkdown: blocks', () => {
  it('indents continuation lines of bullet list items', () => {
    expect(norm('- Eerste zin. Tweede zin.\n- Derde. Vierde.\n')).toBe('- Eerste zin.\n  Tweede zin.\n- Derde.\n  Vierde.\n');
    expect(norm('*   Eerste zin. Tweede zin.\n')).toBe('*   Eerste zin.\n    Tweede zin.\n');
  });

  it('indents continuation lines of numbered list items and never splits their markers', () => {
    expect(norm('1. Eerste zin. Tweede zin.\n2. Derde.\n\n   Vierde. Vijfde.\n10. Zesde. Zevende.\n')).toBe(
      '1. Eerste zin.\n   Tweede zin.\n2. Derde.\n\n   Vierde.\n   Vijfde.\n10. Zesde.\n    Zevende.\n',
    );
    expect(norm('3) Een. Twee.\n')).toBe('3) Een.\n   Twee.\n');
  });

  it('keeps nested lists and quotes in lists correct', () => {
    expect(norm('- Buiten. Zin.\n  - Binnen. Zin.\n    > Citaat. Zin.\n')).toBe(
      '- Buiten.\n  Zin.\n  - Binnen.\n    Zin.\n    > Citaat.\n    > Zin.\n',
    );
  });

  it('continues block quotes with >', () => {
    expect(norm('> Een citaat. Met twee zinnen.\n')).toBe('> Een citaat.\n> Met twee zinnen.\n');
    expect(norm('> Een citaat.\nLui vervolg. En meer.\n')).toBe('> Een citaat.\n> Lui vervolg.\n> En meer.\n');
    expect(norm('> Een citaat\nlui vervolg. En meer.\n')).toBe('> Een citaat lui vervolg.\n> En meer.\n');
    expect(norm('> > Diep. Citaat.\n')).toBe('> > Diep.\n> > Citaat.\n');
  });

  it('leaves fenced and indented code alone', () => {
    const md = '```\nNiet. Splitsen.\nook\nniet.\n```\n\n~~~ js\nA. B.\n~~~\n\n    Ingesprongen. Code.\n    regel.\n';
    expect(norm(md)).toBe(md);
  });

  it('leaves headings alone', () => {
    const md = '# Kop. Met zinnen.\n\nKop twee. Setext\n---\n\n## Nog een. Kop ##\n';
    expect(norm(md)).toBe(md);
  });

  it('leaves tables, HTML blocks, front matter and reference definitions alone', () => {
    const md = [
      '---',
      'titel: Een. Twee.',
      'beschrijving: Drie. Vier.',
      '---',
      '',
      '| Kolom. Een | Twee. Drie |',
      '| --- | --- |',
      '| A. B | C. D |',
      '',
      '<div class="x">',
      'Een. Twee.',
      '</div>',
      '',
      '[label]: https://vng.nl/ "Titel. Twee"',
      '',
    ].join('\n');
    expect(norm(md)).toBe(md);
  });

  it('normalises line endings and the end of the text', () => {
    expect(norm('Een. Twee.\r\ndrie\r\n\r\n\r\n')).toBe('Een.\nTwee. drie\n');
    expect(norm('Een.\rTwee.')).toBe('Een.\nTwee.\n');
    expect(norm('')).toBe('');
    expect(norm('  \n\n\t\n')).toBe('');
    expect(norm('Een.')).toBe('Een.\n');
  });

  it('keeps trailing blank lines that are part of an unclosed code block', () => {
    expect(norm('```\ncode\n\n\n')).toBe('```\ncode\n\n\n');
  });

  it('finds the four seed principles already normalised', () => {
    const files = fs.readdirSync(seedDir).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(4);
    for (const f of files) {
      const text = fs.readFileSync(seedDir + f, 'utf8');
      expect(normaliseMarkdown(text), f).toBe(text);
    }
  });

  it('normalises a principle written as one paragraph to the seed text', () => {
    const text = fs.readFileSync(seedDir + '03-open-en-bekende-technologie.md', 'utf8');
    const [heading, , ...body] = text.trimEnd().split('\n');
    const wrapped = `${heading}\n\n${body.join(' ').replace(/ (de|en|of) /g, '\n$1 ')}\n`;
    expect(norm(wrapped)).toBe(text);
  });
});

describe('normaliseMarkdown: counterexamples found by fast-check', () => {
  it('does not join text to a line that is only a list marker (it would start a list)', () => {
    expect(norm('Een. Twee.\\\n1.\n    Drie')).toBe('Een.\nTwee.\\\n1.\n    Drie\n');
    expect(norm('- > Een. Twee.   \n  >  + \n  > Drie')).toBe('- > Een.\n  > Twee.\\\n  >  + \n  > Drie\n');
  });

  it('keeps the line after a hard break exactly as it is (lazy lines stay lazy)', () => {
    expect(norm('- Een. Twee.  \n =  \nverder')).toBe('- Een.\n  Twee.\\\n =  \nverder\n');
    expect(norm('Een.\\\n    >Twee. Drie.')).toBe('Een.\\\n    >Twee.\nDrie.\n');
  });

  it('leaves paragraphs with a | alone (a joined line might become a table row)', () => {
    expect(norm('> > Een\nb |\n---\n')).toBe('> > Een\nb |\n---\n');
    expect(norm('Een | twee.) Drie, `x`\n    vier? Vijf.')).toBe('Een | twee.) Drie, `x`\n    vier? Vijf.\n');
  });

  it('does not split a line that starts with three backticks (it would open a fence)', () => {
    expect(norm('- 1. ```J. J. (`')).toBe('- 1. ```J. J. (`\n');
    expect(norm('```Een. Twee `x`')).toBe('```Een. Twee `x`\n');
  });

  it('does not join text to a line of only -, * or _ (it might become a thematic break)', () => {
    expect(norm('Een. Twee.\\\n_ _\n_')).toBe('Een.\nTwee.\\\n_ _\n_\n');
    expect(norm('   _ _\n _ _\n \\\nEen. Twee.')).toBe('   _ _\n _ _\n \\\nEen.\n   Twee.\n');
  });

  it('keeps list items inside a block quote without a space after > aligned', () => {
    expect(norm('>2024. > Een. Twee.')).toBe('>2024. > Een.\n>       > Twee.\n');
    expect(norm('>1. Een. Twee.')).toBe('>1. Een.\n>    Twee.\n');
  });
});

describe('splitSentences', () => {
  it('splits one paragraph text into sentences', () => {
    expect(splitSentences('Een zin. Nog\neen zin! Bijv. deze? Ja.')).toEqual(['Een zin.', 'Nog een zin!', 'Bijv. deze?', 'Ja.']);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('Zonder punt')).toEqual(['Zonder punt']);
  });
});

// -----------------------------------------------------------------------------------------------
// Properties
// -----------------------------------------------------------------------------------------------

const RUNS = 400;

const lowerWords = ['de', 'het', 'een', 'stad', 'data', 'gemeente', 'bewoners', 'zijn', 'open', 'veilig', 'en', 'of'];
const upperWords = ['De', 'Het', 'Een', 'Data', 'Bewoners', 'Amsterdam', 'Internet', 'VNG', 'Zij', 'Ook'];
const abbreviations = [...DUTCH_ABBREVIATIONS, 'Bijv.', 'O.a.', 'Dr.', 'NR.'];
const odd = ["'s-Hertogenbosch", '‘s-Hertogenbosch', 'J.', 'A.B.', 'tenzij…’', '3.', '1.', '12)', '2024.', '&amp;', '\\.', '\\*', '<b>', '</b>', '|', '#', '>', '-', '+', '*', '_', '=', '…'];

const word = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...lowerWords) },
  { weight: 3, arbitrary: fc.constantFrom(...upperWords) },
  { weight: 2, arbitrary: fc.constantFrom(...abbreviations) },
  { weight: 2, arbitrary: fc.constantFrom(...odd) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3000 }).map(String) },
);

const separator = fc.oneof(
  { weight: 12, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constantFrom('\n', ' \n', '\n  ', '  ', '\t', '  \n', '\\\n', '\n    ', '   \n ') },
);

const words = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(word, { minLength: min, maxLength: max }), fc.array(separator, { minLength: max, maxLength: max }))
    .map(([ws, seps]) => ws.map((w, i) => (i === 0 ? w : (seps[i] ?? ' ') + w)).join(''));

const inline: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: words(1, 4) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `[${t}](https://vng.nl/a.b. C "Titel. Twee")`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `[${t}](<x y.html>)`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `![${t}](beeld.png)`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `[${t}]`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `\`${t}\``) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `*${t}*`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `**${t}**`) },
  { weight: 1, arbitrary: words(1, 3).map((t) => `_${t}_`) },
  { weight: 1, arbitrary: fc.constantFrom('<https://vng.nl/a.b>', '<span title="A. B">', '`', '[', ']', '(', ')', '"', '‘', '’') },
);

const sentenceEnd = fc.constantFrom('.', '.', '.', '!', '?', '.’', '.”', '.)', '."', '.*', '…’', '', ':', ',');

const sentence = fc
  .tuple(fc.array(inline, { minLength: 1, maxLength: 4 }), fc.array(separator, { minLength: 4, maxLength: 4 }), sentenceEnd)
  .map(([parts, seps, end]) => parts.map((p, i) => (i === 0 ? p : (seps[i] ?? ' ') + p)).join('') + end);

const paragraph = fc
  .tuple(fc.array(sentence, { minLength: 1, maxLength: 5 }), fc.array(separator, { minLength: 5, maxLength: 5 }))
  .map(([ss, seps]) => ss.map((s, i) => (i === 0 ? s : (seps[i] ?? ' ') + s)).join(''));

const indentLines = (text: string, first: string, rest: string): string =>
  text
    .split('\n')
    .map((l, i) => (i === 0 ? first : rest) + l)
    .join('\n');

const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: paragraph },
  { weight: 1, arbitrary: sentence.map((s) => `# ${s.replace(/\n/g, ' ')}`) },
  { weight: 1, arbitrary: sentence.map((s) => `${s.replace(/\n/g, ' ')}\n---`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~', '```js'), paragraph).map(([f, p]) => `${f}\n${p}\n${f.slice(0, 3)}`) },
  { weight: 1, arbitrary: paragraph.map((p) => indentLines(p, '    ', '    ')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('- ', '* ', '+ ', '-   ', '1. ', '2) ', '10. '), fc.array(paragraph, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([marker, items, lazy]) =>
        items
          .map((p, i) => {
            const m = /\d/.test(marker) ? marker.replace(/\d+/, String(i + 1)) : marker;
            return indentLines(p, m, lazy ? '' : ' '.repeat(m.length));
          })
          .join('\n'),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(paragraph, fc.constantFrom('> ', '>', '> > ', '- > ', '> - '), fc.boolean())
      .map(([p, q, lazy]) => indentLines(p, q, lazy ? '' : q.replace(/-/g, ' '))),
  },
  { weight: 1, arbitrary: sentence.map((s) => `| ${s.replace(/\n/g, ' ')} | b |\n| --- | --- |\n| A. B | c |`) },
  { weight: 1, arbitrary: sentence.map((s) => `[${s.replace(/[\n[\]]/g, ' ').slice(0, 10)}]: https://vng.nl/ "T. U"`) },
  { weight: 1, arbitrary: paragraph.map((p) => `<div>\n${p}\n</div>`) },
  { weight: 1, arbitrary: paragraph.map((p) => `---\ntitel: ${p.replace(/\n/g, ' ')}\n---`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const blockSeparator = fc.constantFrom('\n\n', '\n\n', '\n', '\n\n\n', '\n \n', '\r\n\r\n', '\n  \n');

const document = fc
  .tuple(
    fc.array(block, { minLength: 1, maxLength: 6 }),
    fc.array(blockSeparator, { minLength: 6, maxLength: 6 }),
    fc.constantFrom('', '\n', '\n\n', '  \n', '\r\n', '\n\n\n'),
  )
  .map(([blocks, seps, end]) => blocks.map((b, i) => (i === 0 ? b : (seps[i] ?? '\n\n') + b)).join('') + end);

/** Characters that matter to Markdown, for dense noise. */
const markdownChar = fc.constantFrom(
  'a', 'B', 'c', 'D', '1', '2', '.', '.', '!', '?', ' ', ' ', ' ', '\n', '\n', '\t', '*', '_', '`', '[', ']', '(', ')',
  '<', '>', '-', '+', '#', '=', '|', '\\', '"', "'", '‘', '’', ':', '~', '&', '!', '\r',
);
const markdownNoise = fc.string({ unit: markdownChar, maxLength: 120 });

/** Lines with random container prefixes: lazy lines, indentation, markers that almost start blocks. */
const linePrefix = fc.constantFrom(
  '', '', '', '> ', '- ', '  ', '1. ', '   ', '    ', '\t', '> - ', '>', '  > ', '* ', '2) ', '     ', '> > ', '- - ', '-\t', ' ',
  '>1. ', '>- ', '>>', '>2024. > ', '-  ', '1.  > ',
);
const lineContent = fc.oneof(
  { weight: 4, arbitrary: sentence },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '===', '---', '***', '_ _', '```', '```a`', '~~~', '# Kop', '| a | b |', '|---|---|', '1.', '-', '<div>', '[x]: /u', '  ', 'Een. Twee.', 'een. Twee', '\\', 'a  ', 'Een `b\nc` D. E'),
  },
);
const linedMarkdown = fc
  .array(fc.tuple(linePrefix, lineContent), { minLength: 1, maxLength: 12 })
  .map((ls) => ls.map(([p, c]) => p + c).join('\n'));

const anyMarkdown = fc.oneof(
  { weight: 4, arbitrary: document },
  { weight: 2, arbitrary: linedMarkdown },
  { weight: 2, arbitrary: markdownNoise },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.tuple(document, fc.string({ maxLength: 20 }), document).map(([a, n, b]) => a + n + b) },
);

describe('normaliseMarkdown: properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(anyMarkdown, (md) => {
        const once = normaliseMarkdown(md);
        expect(normaliseMarkdown(once)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('never changes the rendered HTML', () => {
    fc.assert(
      fc.property(anyMarkdown, (md) => {
        expect(renderMarkdown(normaliseMarkdown(md))).toBe(renderMarkdown(md));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the rendered HTML and is idempotent by its rules alone (without the final check)', () => {
    fc.assert(
      fc.property(anyMarkdown, (md) => {
        const once = normaliseMarkdownUnchecked(md);
        expect(renderMarkdown(once)).toBe(renderMarkdown(md));
        expect(normaliseMarkdownUnchecked(once)).toBe(once);
        expect(normaliseMarkdown(md)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('uses "\\n" line endings and ends with one "\\n" (or is empty)', () => {
    fc.assert(
      fc.property(document, (md) => {
        const out = normaliseMarkdown(md);
        expect(out).not.toContain('\r');
        if (out !== '') {
          expect(out.endsWith('\n')).toBe(true);
          if (!/^(?:```|~~~)/m.test(out)) expect(out.endsWith('\n\n')).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('puts plain sentences one per line, however they were wrapped', () => {
    // A sentence as a list of atomic tokens; line wraps go only between tokens.
    const plainSentence = fc
      .tuple(
        fc.constantFrom(...upperWords),
        fc.array(fc.constantFrom(...lowerWords, ...DUTCH_ABBREVIATIONS, 'J.', "'s-Hertogenbosch", '`code. B`', '[link. Tekst](x.html)'), {
          maxLength: 6,
        }),
        fc.constantFrom(...lowerWords),
        fc.constantFrom('.', '!', '?', '.’'),
      )
      .map(([first, middle, last, end]) => [first, ...middle, last + end]);
    fc.assert(
      fc.property(
        fc.array(plainSentence, { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom(' ', '\n', ' \n', '\n  '), { minLength: 60, maxLength: 60 }),
        (sentences, seps) => {
          const tokens = sentences.flat();
          const wrapped = tokens.map((t, i) => (i === 0 ? t : (seps[i % seps.length] ?? ' ') + t)).join('');
          expect(normaliseMarkdown(wrapped)).toBe(sentences.map((s) => s.join(' ')).join('\n') + '\n');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
