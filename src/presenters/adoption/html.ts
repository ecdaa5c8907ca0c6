/**
 * The adoption document as one self-contained HTML file: no external resources (it is also a
 * download), an inline stylesheet for the screen and for print on A4 with page numbers, and the
 * redline as <ins>/<del> (underlined / struck through, never colour alone) whose `cite` links to the
 * amendment the change came from (or the draft at the commit that made it) and whose `title` names it.
 * Principle texts go through the project's one Markdown renderer (raw HTML escaped), with images as
 * links: a file opened outside the site fetches nothing, and its own Content-Security-Policy (a meta
 * element) says so to the browser as well. Deterministic: the same model gives the same bytes.
 */
import { createHash } from 'node:crypto';
import type { AdoptionDocument, Attribution, RedlinePart, RedlineSentence } from '../../domain/adoptionDocument.js';
import { renderMarkdownStandalone } from '../../domain/markdown.js';
import {
  AMENDMENT_COLUMNS,
  COVER_NOTE,
  DECISION_LABEL,
  ENDORSER_COLUMNS,
  NO_ENDORSERS,
  SECTION,
  VERIFICATION_INTRO,
  amendmentsIntro,
  coverFacts,
  documentTitle,
  endorserCells,
  endorsersHeading,
  formatCalendarDate,
  formatVotes,
  movedNote,
  redlineHeading,
  redlineIntro,
  sourceLabel,
  sourcesOf,
  titleParts,
  verificationFacts,
} from './text.js';

const STYLE = `
:root { color: #1a1a1a; background: #ffffff; font-family: "Noto Sans", "Liberation Sans", Arial, sans-serif; line-height: 1.5; }
body { margin: 0; }
main { max-inline-size: 50rem; margin-inline: auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin-block: 0 1.5rem; }
h2 { font-size: 1.45rem; margin-block: 2.5rem 0.75rem; border-block-end: 1px solid #6b6b6b; padding-block-end: 0.25rem; }
h3 { font-size: 1.15rem; margin-block: 1.75rem 0.5rem; }
a { color: #0b3d78; }
table { border-collapse: collapse; inline-size: 100%; margin-block: 0.75rem 1.25rem; font-size: 0.95rem; }
caption { text-align: start; font-weight: 700; padding-block: 0.25rem; }
th, td { border: 1px solid #8c8c8c; padding: 0.3rem 0.5rem; text-align: start; vertical-align: top; }
thead th { background: #eeeeee; }
.feiten th { inline-size: 14rem; background: #f5f5f5; }
.cover { margin-block-end: 2rem; }
.noot { font-size: 0.9rem; color: #333333; }
.besluit { font-weight: 700; font-size: 1.1rem; border-inline-start: 4px solid #1a1a1a; padding-inline-start: 1rem; }
.zin { margin-block: 0.3rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.alinea { margin-block: 0 1rem; }
.herkomst { font-size: 0.85rem; color: #333333; }
.principe-tekst { margin-block-end: 1.5rem; }
code, pre { font-family: "Noto Sans Mono", "Liberation Mono", monospace; font-size: 0.9rem; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; background: #f5f5f5; border: 1px solid #c4c4c4; padding: 0.75rem; }
ins { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 2px; background: #e3f5e1; color: #114411; }
del { text-decoration: line-through; text-decoration-thickness: 2px; background: #fbe4e4; color: #6d1010; }
ins::before, ins::after, del::before, del::after { position: absolute; clip-path: inset(100%); clip: rect(1px, 1px, 1px, 1px); inline-size: 1px; block-size: 1px; overflow: hidden; white-space: nowrap; }
ins::before { content: " [ingevoegd: "; }
del::before { content: " [verwijderd: "; }
ins::after, del::after { content: "] "; }
@page {
  size: A4;
  margin: 20mm 18mm 22mm 18mm;
  @top-right { content: "Vaststellingsstuk"; font-size: 9pt; color: #333333; }
  @bottom-center { content: "Pagina " counter(page) " van " counter(pages); font-size: 9pt; color: #333333; }
}
@media print {
  :root { font-size: 10.5pt; }
  main { max-inline-size: none; padding: 0; }
  .cover { break-after: page; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; }
  td a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; overflow-wrap: anywhere; }
  ins, del { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/** The Content-Security-Policy for serving the document: nothing but its own inline stylesheet. */
export const ADOPTION_HTML_CSP = `default-src 'none'; style-src ${STYLE_SOURCE}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The same policy inside the file, for when it is opened as a download: it loads nothing at all. */
const FILE_CSP = `default-src 'none'; style-src ${STYLE_SOURCE}; base-uri 'none'; form-action 'none'`;

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function factsTable(caption: string, rows: readonly [string, string][], code = false): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${code ? `<code>${esc(v)}</code>` : esc(v)}</td></tr>`).join('\n');
  return `<table class="feiten">\n<caption>${esc(caption)}</caption>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function dataTable(caption: string, header: readonly string[], rows: readonly string[][]): string {
  const head = `<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${esc(caption)}</caption>\n${head}\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Where a change came from, as a link: the amendment, or the draft at the commit that made it. */
type SourceUrl = (bron: Attribution) => string | null;

function mark(p: RedlinePart, url: SourceUrl): string {
  if (p.soort === 'gelijk') return esc(p.tekst);
  const tag = p.soort === 'ingevoegd' ? 'ins' : 'del';
  const target = url(p.bron);
  const cite = target === null ? '' : ` cite="${esc(target)}"`;
  return `<${tag}${cite} datetime="${esc(p.bron.datum)}" title="${esc(sourceLabel(p.bron))}">${esc(p.tekst)}</${tag}>`;
}

function herkomst(parts: readonly RedlinePart[]): string {
  const labels = sourcesOf(parts).map(sourceLabel);
  return labels.length === 0 ? '' : ` <span class="herkomst">(${esc(labels.join('; '))})</span>`;
}

function sentence(z: RedlineSentence, url: SourceUrl): string {
  return `<p class="zin">${z.delen.map((p) => mark(p, url)).join('')}${herkomst(z.delen)}</p>`;
}

export function renderAdoptionHtml(doc: AdoptionDocument): string {
  const url: SourceUrl = (bron) =>
    bron.amendement !== null ? `${doc.links.amendementen}/${bron.amendement}` : bron.commit !== null ? `${doc.links.document}/versies/${bron.commit}` : null;
  const parts: string[] = [];
  const title = documentTitle(doc);

  parts.push(
    `<div class="cover">`,
    `<h1>${esc(title)}</h1>`,
    factsTable('Gegevens van dit stuk', coverFacts(doc)),
    `<p class="noot">${esc(COVER_NOTE)}</p>`,
    `</div>`,
  );

  parts.push(`<section aria-labelledby="besluit">`, `<h2 id="besluit">${esc(SECTION.besluit)}</h2>`, `<p class="besluit">${esc(doc.besluit.zin)}</p>`);
  for (const t of doc.besluit.toelichting) parts.push(`<p>${esc(t)}</p>`);
  if (doc.alvBesluiten.length > 0) {
    parts.push(`<h3>${esc(SECTION.alvBesluit)}</h3>`, '<ul>');
    for (const b of doc.alvBesluiten) {
      parts.push(`<li>${esc(formatCalendarDate(b.datum))} (ALV van ${esc(formatCalendarDate(b.alvDatum))}): <strong>${esc(b.uitkomstLabel)}</strong>; ${esc(formatVotes(b.percentages))}; kenmerk ${esc(b.kenmerk)}.</li>`);
    }
    parts.push('</ul>');
  }
  parts.push('</section>');

  parts.push(`<section aria-labelledby="tekst">`, `<h2 id="tekst">${esc(SECTION.tekst(doc))}</h2>`);
  for (const p of doc.tekst) {
    parts.push(`<h3 id="principe-${p.nummer}">${p.nummer}. ${esc(p.titel)}</h3>`, `<div class="principe-tekst">${renderMarkdownStandalone(p.markdown).trimEnd()}</div>`);
  }
  parts.push('</section>');

  parts.push(`<section aria-labelledby="wijzigingen">`, `<h2 id="wijzigingen">${esc(SECTION.redline(doc))}</h2>`, `<p>${esc(redlineIntro(doc))}</p>`);
  if (!doc.redline.zelfde && doc.redline.gewijzigd) {
    for (const p of doc.redline.principes) {
      parts.push(`<h3>${esc(redlineHeading(p))}</h3>`);
      const moved = movedNote(p);
      if (moved !== null) parts.push(`<p>${esc(moved)}</p>`);
      if (p.kop !== null) parts.push(`<p class="zin">Titel: ${titleParts(p.kop).map((k) => mark(k, url)).join('')}${herkomst(p.kop)}</p>`);
      if (p.soort === 'ongewijzigd') {
        parts.push('<p><em>Ongewijzigd.</em></p>');
        continue;
      }
      let open = false;
      for (const z of p.zinnen) {
        if (z === null) {
          if (open) parts.push('</div>');
          open = false;
          continue;
        }
        if (!open) parts.push('<div class="alinea">');
        open = true;
        parts.push(sentence(z, url));
      }
      if (open) parts.push('</div>');
    }
  }
  parts.push('</section>');

  parts.push(`<section aria-labelledby="amendementen">`, `<h2 id="amendementen">${esc(SECTION.amendementen(doc))}</h2>`, `<p>${esc(amendmentsIntro(doc))}</p>`);
  if (doc.amendementen.length > 0) {
    parts.push(
      dataTable(
        `Amendementen sinds versie ${doc.redline.basis.naam}`,
        AMENDMENT_COLUMNS,
        doc.amendementen.map((a) => [
          `<a href="${esc(a.url)}">Amendement ${a.nummer}</a>`,
          esc(a.titel),
          esc(a.indiener),
          esc(a.medeIndieners.join(', ') || '–'),
          esc(DECISION_LABEL[a.besluit]),
          esc(a.reden),
        ]),
      ),
    );
  }
  parts.push('</section>');

  const eh = endorsersHeading(doc);
  parts.push(`<section aria-labelledby="onderschrijvers">`, `<h2 id="onderschrijvers">${esc(SECTION.onderschrijvers)}</h2>`);
  for (const [heading, groupRows, caption] of [
    [eh.deze, doc.onderschrijvers.dezeVersie.items, `Onderschrijvers van versie ${doc.versie.naam}`],
    [eh.eerder, doc.onderschrijvers.alleenEerder.items, 'Organisaties die alleen een eerdere versie onderschreven'],
  ] as const) {
    parts.push(`<h3>${esc(heading)}</h3>`);
    parts.push(groupRows.length === 0 ? `<p>${esc(NO_ENDORSERS)}</p>` : dataTable(caption, ENDORSER_COLUMNS, groupRows.map((r) => endorserCells(r).map(esc))));
  }
  parts.push('</section>');

  parts.push(
    `<section aria-labelledby="verificatie">`,
    `<h2 id="verificatie">${esc(SECTION.verificatie)}</h2>`,
    `<p>${esc(VERIFICATION_INTRO)}</p>`,
    factsTable('Vingerafdrukken van deze versie', verificationFacts(doc), true),
    `<pre><code>${doc.verificatie.opdrachten.map((o) => `${esc(`# ${o.uitleg}`)}\n${esc(o.opdracht)}`).join('\n')}</code></pre>`,
    `<p>Deze versie op de website: <a href="${esc(doc.links.versie)}">${esc(doc.links.versie)}</a></p>`,
    '</section>',
  );

  return [
    '<!DOCTYPE html>',
    '<html lang="nl">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(FILE_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...parts,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
