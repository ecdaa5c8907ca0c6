/**
 * The adoption document as a Word file (DOCX) with the `docx` package: real headings (Word's Heading
 * styles, so the navigation pane works), tables with header rows, page numbers in the footer, and
 * the redline as real tracked changes (w:ins / w:del) whose author is the proposer of the amendment
 * the change came from, dated at its decision. Accepting all changes in Word gives the new text.
 *
 * Reproducible: `docx` stamps the core properties and every zip entry with the current time and gives
 * hyperlinks random relationship ids. We re-pack its output (zipArchive.ts) with the document's own
 * date of generation everywhere and number the relationships in order, so the same model gives the
 * same bytes, and the hash of a paper can be reproduced.
 */
import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Token } from 'markdown-it';
import type { AdoptionDocument, RedlinePart } from '../../domain/adoptionDocument.js';
import { wholeSecondsUtc } from '../../domain/adoptionDocument.js';
import { markdown } from '../../domain/markdown.js';
import { readZip, writeZip } from './zipArchive.js';
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
  titleParts,
  verificationFacts,
} from './text.js';

type Block = Paragraph | Table;

const FONT = 'Arial';
const MONO = 'Courier New';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8C8C8C' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function para(text: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...opts })], spacing: { after: 120 } });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreakBefore = false): Paragraph {
  return new Paragraph({ text, heading: level, pageBreakBefore, keepNext: true });
}

function cell(children: readonly Paragraph[], header = false, width?: number): TableCell {
  return new TableCell({
    children: [...children],
    borders: BORDERS,
    ...(header ? { shading: { fill: 'EEEEEE' } } : {}),
    ...(width !== undefined ? { width: { size: width, type: WidthType.PERCENTAGE } } : {}),
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  });
}

function textCell(text: string, bold = false, mono = false): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, bold, ...(mono ? { font: MONO, size: 18 } : {}) })] });
}

function factsTable(rows: readonly [string, string][], mono = false): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          cantSplit: true,
          children: [cell([textCell(k, true)], true, 30), cell([textCell(v, false, mono)], false, 70)],
        }),
    ),
  });
}

function dataTable(header: readonly string[], rows: readonly (readonly Paragraph[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h) => cell([textCell(h, true)], true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell([c])) })),
    ],
  });
}

function link(text: string, url: string): ExternalHyperlink {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: 'Hyperlink' })] });
}

// ---- Markdown (a principle's body) to Word paragraphs, through the project's own parser ----

interface InlineStyle {
  bold: boolean;
  italics: boolean;
}

function inlineRuns(tokens: readonly Token[], bold = false): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const style: InlineStyle = { bold, italics: false };
  let href: string | null = null;
  let linkRuns: TextRun[] = [];
  const add = (run: TextRun): void => {
    if (href !== null) linkRuns.push(run);
    else out.push(run);
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        add(new TextRun({ text: t.content, bold: style.bold, italics: style.italics, ...(href !== null ? { style: 'Hyperlink' } : {}) }));
        break;
      case 'code_inline':
        add(new TextRun({ text: t.content, font: MONO }));
        break;
      case 'softbreak':
        add(new TextRun({ text: ' ' }));
        break;
      case 'hardbreak':
        add(new TextRun({ break: 1 }));
        break;
      case 'strong_open':
        style.bold = true;
        break;
      case 'strong_close':
        style.bold = bold;
        break;
      case 'em_open':
        style.italics = true;
        break;
      case 'em_close':
        style.italics = false;
        break;
      case 'link_open': {
        const target = t.attrGet('href');
        href = target === null ? null : String(target);
        linkRuns = [];
        break;
      }
      case 'link_close':
        if (href !== null && linkRuns.length > 0) out.push(new ExternalHyperlink({ link: href, children: linkRuns }));
        href = null;
        break;
      case 'image':
        add(new TextRun({ text: `[afbeelding: ${t.content}]`, italics: true }));
        break;
      default:
        if (t.content) add(new TextRun({ text: t.content }));
    }
  }
  return out;
}

/** Paragraphs, headings, lists, quotes and code of a Markdown body. */
export function markdownBlocks(md: string): Paragraph[] {
  const tokens = markdown.parse(md, {});
  const out: Paragraph[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  let itemPrefix: string | null = null;
  let headingOpen = false;
  for (const t of tokens) {
    switch (t.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, next: 1 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, next: Number(t.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        if (list?.ordered) {
          itemPrefix = `${list.next}. `;
          list.next += 1;
        } else itemPrefix = null;
        break;
      }
      case 'blockquote_open':
        quote += 1;
        break;
      case 'blockquote_close':
        quote -= 1;
        break;
      case 'heading_open':
        headingOpen = true;
        break;
      case 'heading_close':
        headingOpen = false;
        break;
      case 'inline': {
        const depth = lists.length;
        const children = inlineRuns(t.children ?? [], headingOpen);
        const ordered = depth > 0 && lists.at(-1)?.ordered === true;
        if (ordered && itemPrefix !== null) {
          children.unshift(new TextRun({ text: itemPrefix }));
          itemPrefix = null;
        }
        out.push(
          new Paragraph({
            children,
            spacing: { after: 120 },
            ...(depth > 0 && !ordered ? { bullet: { level: Math.min(depth - 1, 8) } } : {}),
            ...(ordered ? { indent: { left: 360 * depth, hanging: 360 } } : {}),
            ...(quote > 0 ? { indent: { left: 567 * quote } } : {}),
            ...(headingOpen ? { keepNext: true } : {}),
          }),
        );
        break;
      }
      case 'fence':
      case 'code_block':
        for (const line of t.content.replace(/\n$/, '').split('\n')) out.push(new Paragraph({ children: [new TextRun({ text: line, font: MONO, size: 18 })] }));
        break;
      default:
        break;
    }
  }
  return out;
}

// ---- the redline as tracked changes ----

class RevisionIds {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

function trackedRuns(parts: readonly RedlinePart[], ids: RevisionIds): ParagraphChild[] {
  return parts
    .filter((p) => p.tekst !== '')
    .map((p) => {
      if (p.soort === 'gelijk') return new TextRun({ text: p.tekst });
      const change = { id: ids.take(), author: p.bron.auteur, date: p.bron.datum };
      return p.soort === 'ingevoegd' ? new InsertedTextRun({ text: p.tekst, ...change }) : new DeletedTextRun({ text: p.tekst, ...change });
    });
}

function redlineBlocks(doc: AdoptionDocument, ids: RevisionIds): Block[] {
  const out: Block[] = [para(redlineIntro(doc))];
  if (doc.redline.zelfde || !doc.redline.gewijzigd) return out;
  out.push(
    para(
      'In Word staan de wijzigingen als bijgehouden wijzigingen: de auteur is de indiener van het amendement dat de wijziging maakte, de datum die van het besluit erover; ' +
        'een wijziging die zonder amendement in het concept is vastgelegd, staat op naam van wie haar vastlegde, met de datum daarvan.',
      { italics: true },
    ),
  );
  for (const p of doc.redline.principes) {
    out.push(heading(redlineHeading(p), HeadingLevel.HEADING_3));
    const moved = movedNote(p);
    if (moved !== null) out.push(para(moved));
    if (p.kop !== null) out.push(new Paragraph({ children: [new TextRun({ text: 'Titel: ', bold: true }), ...trackedRuns(titleParts(p.kop), ids)] }));
    if (p.soort === 'ongewijzigd') {
      out.push(para('Ongewijzigd.', { italics: true }));
      continue;
    }
    // One paragraph per paragraph of the source; its sentences joined by a space, as Markdown renders them.
    let current: ParagraphChild[] = [];
    const flush = (): void => {
      if (current.length > 0) out.push(new Paragraph({ children: current, spacing: { after: 160 } }));
      current = [];
    };
    for (const z of p.zinnen) {
      if (z === null) {
        flush();
        continue;
      }
      if (current.length > 0) current.push(new TextRun({ text: ' ' }));
      current.push(...trackedRuns(z.delen, ids));
    }
    flush();
  }
  return out;
}

// ---- the document ----

export async function renderAdoptionDocx(doc: AdoptionDocument): Promise<Buffer> {
  const ids = new RevisionIds();
  const title = documentTitle(doc);
  const blocks: Block[] = [];

  blocks.push(new Paragraph({ text: title, heading: HeadingLevel.TITLE, spacing: { after: 360 } }), factsTable(coverFacts(doc)), para(COVER_NOTE, { italics: true, size: 18 }));

  blocks.push(heading(SECTION.besluit, HeadingLevel.HEADING_1, true));
  blocks.push(new Paragraph({ children: [new TextRun({ text: doc.besluit.zin, bold: true })], border: { left: { style: BorderStyle.SINGLE, size: 24, color: '1A1A1A', space: 8 } }, spacing: { after: 200 } }));
  for (const t of doc.besluit.toelichting) blocks.push(para(t));
  if (doc.alvBesluiten.length > 0) {
    blocks.push(heading(SECTION.alvBesluit, HeadingLevel.HEADING_2));
    for (const b of doc.alvBesluiten) {
      blocks.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: `${formatCalendarDate(b.datum)} (ALV van ${formatCalendarDate(b.alvDatum)}): ` }),
            new TextRun({ text: b.uitkomstLabel, bold: true }),
            new TextRun({ text: `; ${formatVotes(b.percentages)}; kenmerk ${b.kenmerk}.` }),
          ],
        }),
      );
    }
  }

  blocks.push(heading(SECTION.tekst(doc), HeadingLevel.HEADING_1, true));
  for (const p of doc.tekst) {
    blocks.push(heading(`${p.nummer}. ${p.titel}`, HeadingLevel.HEADING_2));
    blocks.push(...(p.markdown === '' ? [para('(geen tekst)', { italics: true })] : markdownBlocks(p.markdown)));
  }

  blocks.push(heading(SECTION.redline(doc), HeadingLevel.HEADING_1, true));
  blocks.push(...redlineBlocks(doc, ids));

  blocks.push(heading(SECTION.amendementen(doc), HeadingLevel.HEADING_1, true), para(amendmentsIntro(doc)));
  if (doc.amendementen.length > 0) {
    blocks.push(
      dataTable(
        AMENDMENT_COLUMNS,
        doc.amendementen.map((a) => [
          new Paragraph({ children: [link(String(a.nummer), a.url)] }),
          textCell(a.titel),
          textCell(a.indiener),
          textCell(a.medeIndieners.join(', ') || '–'),
          textCell(DECISION_LABEL[a.besluit]),
          textCell(a.reden),
        ]),
      ),
    );
  }

  const eh = endorsersHeading(doc);
  blocks.push(heading(SECTION.onderschrijvers, HeadingLevel.HEADING_1, true));
  for (const [h, rows] of [
    [eh.deze, doc.onderschrijvers.dezeVersie.items],
    [eh.eerder, doc.onderschrijvers.alleenEerder.items],
  ] as const) {
    blocks.push(heading(h, HeadingLevel.HEADING_2));
    blocks.push(rows.length === 0 ? para(NO_ENDORSERS) : dataTable(ENDORSER_COLUMNS, rows.map((r) => endorserCells(r).map((c) => textCell(c)))));
  }

  blocks.push(heading(SECTION.verificatie, HeadingLevel.HEADING_1, true), para(VERIFICATION_INTRO), factsTable(verificationFacts(doc), true));
  blocks.push(para('Controleren met standaard-git:', { bold: true }));
  for (const o of doc.verificatie.opdrachten) {
    blocks.push(new Paragraph({ children: [new TextRun({ text: o.uitleg, italics: true, size: 18 })], keepNext: true }));
    blocks.push(new Paragraph({ children: [new TextRun({ text: o.opdracht, font: MONO, size: 18 })], spacing: { after: 120 } }));
  }
  blocks.push(new Paragraph({ children: [new TextRun({ text: 'Deze versie op de website: ' }), link(doc.links.versie, doc.links.versie)] }));

  const file = new Document({
    title,
    subject: `Vaststelling van ${doc.document.titel}, versie ${doc.versie.naam}`,
    creator: 'Vereniging van Nederlandse Gemeenten',
    lastModifiedBy: 'Vereniging van Nederlandse Gemeenten',
    description: `Commit ${doc.verificatie.commit}; SHA-256 ${doc.verificatie.sha256}`,
    revision: 1,
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, language: { value: 'nl-NL' } } },
        title: { run: { font: FONT, size: 44, bold: true, color: '1A1A1A' } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 360, after: 160 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 280, after: 120 } } },
        heading3: { run: { font: FONT, size: 23, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 240, after: 100 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1247, left: 1021, right: 1021 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [`${title} · pagina `, PageNumber.CURRENT, ' van ', PageNumber.TOTAL_PAGES], size: 16 })],
              }),
            ],
          }),
        },
        children: blocks,
      },
    ],
  });
  return reproducible(await Packer.toBuffer(file), new Date(Date.parse(wholeSecondsUtc(doc.aangemaakt))));
}

/**
 * Fixes what `docx` leaves to chance: the core properties' dates (set to `moment`), the random ids
 * of hyperlink relationships (numbered in order of appearance) and the zip entries' times and order.
 */
function reproducible(packed: Buffer, moment: Date): Buffer {
  const stamp = moment.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries = readZip(packed);
  const rels = entries.find((e) => e.name === 'word/_rels/document.xml.rels');
  const renames = new Map<string, string>();
  if (rels !== undefined) {
    let n = 0;
    for (const m of rels.data.toString('utf8').matchAll(/Id="([^"]+)"/g)) {
      const id = m[1];
      if (id !== undefined && !/^rId\d+$/.test(id) && !renames.has(id)) renames.set(id, `rIdLink${++n}`);
    }
  }
  const renameIds = (xml: string): string => xml.replace(/"([^"]+)"/g, (whole, id: string) => (renames.has(id) ? `"${renames.get(id) ?? id}"` : whole));
  const fixed = entries.map((e) => {
    if (e.name === 'docProps/core.xml') {
      const xml = e.data
        .toString('utf8')
        .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
      return { name: e.name, data: Buffer.from(xml, 'utf8') };
    }
    if (renames.size > 0 && (e.name === 'word/document.xml' || e.name === 'word/_rels/document.xml.rels')) {
      return { name: e.name, data: Buffer.from(renameIds(e.data.toString('utf8')), 'utf8') };
    }
    return e;
  });
  // [Content_Types].xml first, as Office writes it (some tools sniff the type from the first entry).
  const ordered = [...fixed.filter((e) => e.name === '[Content_Types].xml'), ...fixed.filter((e) => e.name !== '[Content_Types].xml')];
  return writeZip(ordered, moment);
}
