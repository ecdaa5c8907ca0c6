/**
 * The adoption document as Markdown, with the redline in CriticMarkup: `{++inserted++}`,
 * `{--deleted--}` and `{>>comment<<}` naming where a change came from: one comment after the sentence
 * when all its changes have one source, else one right after each change. Every text a user wrote is
 * escaped (safeMarkdown.ts), so the file shows it as typed in any Markdown viewer; a redline shows the
 * Markdown source of each sentence, literally, as the comparison page does. Deterministic: the same
 * model gives the same bytes.
 */
import type { AdoptionDocument, RedlinePart, RedlineSentence } from '../../domain/adoptionDocument.js';
import { mdLine, mdLineStart, mdText, safeMarkdown } from './safeMarkdown.js';
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
  sameSource,
  sourceLabel,
  sourcesOf,
  verificationFacts,
} from './text.js';

/** A table cell, already escaped: one line. */
function cell(escaped: string): string {
  return escaped.replace(/\s*\n\s*/g, ' ').trim() || ' ';
}

/** A table of plain texts (escaped here). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return rawTable(header, rows.map((r) => r.map(mdText)));
}

/** A table whose cells are Markdown already (escaped user text, our own links and code). */
function rawTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.map((h) => cell(mdText(h))).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function comment(label: string): string {
  return `{>>${mdText(label)}<<}`;
}

/** Changes as CriticMarkup; adjacent marks of one kind read as one change. */
function marks(parts: readonly RedlinePart[]): string {
  let out = '';
  let kind: RedlinePart['soort'] | null = null;
  const close = (): void => {
    if (kind === 'ingevoegd') out += '++}';
    else if (kind === 'verwijderd') out += '--}';
    kind = null;
  };
  for (const p of parts) {
    if (p.tekst === '') continue;
    if (p.soort !== kind) {
      close();
      if (p.soort === 'ingevoegd') out += '{++';
      else if (p.soort === 'verwijderd') out += '{--';
      kind = p.soort === 'gelijk' ? null : p.soort;
    }
    out += mdText(p.tekst);
  }
  close();
  return out;
}

/** One sentence (or a title): its changes, and where each came from. */
function critic(parts: readonly RedlinePart[]): string {
  const sources = sourcesOf(parts);
  if (sources.length <= 1) return `${marks(parts)}${sources[0] === undefined ? '' : ` ${comment(sourceLabel(sources[0]))}`}`;
  // Several sources: each run of changes from one source is followed by its own comment.
  let out = '';
  let run: RedlinePart[] = [];
  const flush = (): void => {
    const first = run[0];
    if (first !== undefined && first.soort !== 'gelijk') out += `${marks(run)}${comment(sourceLabel(first.bron))}`;
    else out += marks(run);
    run = [];
  };
  for (const p of parts) {
    const first = run[0];
    const continues =
      first !== undefined && (p.soort === 'gelijk' ? first.soort === 'gelijk' : first.soort !== 'gelijk' && sameSource(first.bron, p.bron));
    if (!continues) flush();
    run.push(p);
  }
  flush();
  return out;
}

function sentence(z: RedlineSentence): string {
  return mdLineStart(critic(z.delen));
}

export function renderAdoptionMarkdown(doc: AdoptionDocument): string {
  const out: string[] = [];
  const push = (...blocks: string[]): void => {
    out.push(...blocks);
  };

  push(`# ${mdText(documentTitle(doc))}`, table(['Gegeven', 'Waarde'], coverFacts(doc)), `_${mdText(COVER_NOTE)}_`);

  push(`## ${mdText(SECTION.besluit)}`, `**${mdText(doc.besluit.zin)}**`, ...doc.besluit.toelichting.map(mdLine));
  if (doc.alvBesluiten.length > 0) {
    push(
      `### ${mdText(SECTION.alvBesluit)}`,
      doc.alvBesluiten
        .map((b) => `- ${formatCalendarDate(b.datum)} (ALV van ${formatCalendarDate(b.alvDatum)}): **${mdText(b.uitkomstLabel)}**; ${mdText(formatVotes(b.percentages))}; kenmerk ${mdText(b.kenmerk)}.`)
        .join('\n'),
    );
  }

  push(`## ${mdText(SECTION.tekst(doc))}`);
  for (const p of doc.tekst) {
    const body = safeMarkdown(p.markdown);
    push(`### ${p.nummer}. ${mdText(p.titel)}`, body === '' ? '_(geen tekst)_' : body);
  }

  push(`## ${mdText(SECTION.redline(doc))}`, mdLine(redlineIntro(doc)));
  if (!doc.redline.zelfde && doc.redline.gewijzigd) {
    push('Notatie (CriticMarkup): `{++ingevoegd++}`, `{--verwijderd--}`, `{>>herkomst<<}`.');
    for (const p of doc.redline.principes) {
      push(`### ${mdText(redlineHeading(p))}`);
      const moved = movedNote(p);
      if (moved !== null) push(mdLine(moved));
      if (p.kop !== null) push(`Titel: ${critic(p.kop)}`);
      if (p.soort === 'ongewijzigd') {
        push('_Ongewijzigd._');
        continue;
      }
      const paragraphs: string[][] = [[]];
      for (const z of p.zinnen) {
        if (z === null) paragraphs.push([]);
        else paragraphs.at(-1)?.push(sentence(z));
      }
      for (const para of paragraphs) if (para.length > 0) push(para.join('\n'));
    }
  }

  push(`## ${mdText(SECTION.amendementen(doc))}`, mdLine(amendmentsIntro(doc)));
  if (doc.amendementen.length > 0) {
    push(
      rawTable(
        AMENDMENT_COLUMNS,
        doc.amendementen.map((a) => [`[${a.nummer}](${a.url})`, ...[a.titel, a.indiener, a.medeIndieners.join(', ') || '–', DECISION_LABEL[a.besluit], a.reden].map(mdText)]),
      ),
    );
  }

  const eh = endorsersHeading(doc);
  push(`## ${mdText(SECTION.onderschrijvers)}`, `### ${mdText(eh.deze)}`);
  push(doc.onderschrijvers.dezeVersie.aantal === 0 ? mdLine(NO_ENDORSERS) : table(ENDORSER_COLUMNS, doc.onderschrijvers.dezeVersie.items.map(endorserCells)));
  push(`### ${mdText(eh.eerder)}`);
  push(doc.onderschrijvers.alleenEerder.aantal === 0 ? mdLine(NO_ENDORSERS) : table(ENDORSER_COLUMNS, doc.onderschrijvers.alleenEerder.items.map(endorserCells)));

  push(`## ${mdText(SECTION.verificatie)}`, mdLine(VERIFICATION_INTRO), rawTable(['Gegeven', 'Waarde'], verificationFacts(doc).map(([k, v]) => [mdText(k), `\`${v}\``])));
  push(['```sh', ...doc.verificatie.opdrachten.flatMap((o) => [`# ${o.uitleg}`, o.opdracht]), '```'].join('\n'));
  push(`Deze versie op de website: <${doc.links.versie}>`);

  return `${out.join('\n\n')}\n`;
}
