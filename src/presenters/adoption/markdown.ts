/**
 * The adoption document as Markdown, with the redline in CriticMarkup: `{++inserted++}`,
 * `{--deleted--}` and `{>>comment<<}` naming the amendment a change came from. Deterministic: the
 * same model gives the same bytes.
 */
import type { AdoptionDocument, RedlinePart, RedlineSentence } from '../../domain/adoptionDocument.js';
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
  verificationFacts,
} from './text.js';

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim() || ' ';
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function critic(parts: readonly RedlinePart[]): string {
  let out = '';
  for (const p of parts) {
    if (p.tekst === '') continue;
    if (p.soort === 'gelijk') out += p.tekst;
    else if (p.soort === 'ingevoegd') out += `{++${p.tekst}++}`;
    else out += `{--${p.tekst}--}`;
  }
  // Adjacent marks of one kind read as one change.
  return out.replace(/\+\+\}\{\+\+/g, '').replace(/--\}\{--/g, '');
}

function sources(parts: readonly RedlinePart[]): string {
  const seen: string[] = [];
  for (const p of parts) {
    if (p.soort === 'gelijk') continue;
    const label = sourceLabel(p.bron.amendement, p.bron.auteur);
    if (!seen.includes(label)) seen.push(label);
  }
  return seen.length === 0 ? '' : ` {>>${seen.join('; ')}<<}`;
}

function sentence(z: RedlineSentence): string {
  return `${critic(z.delen)}${sources(z.delen)}`;
}

export function renderAdoptionMarkdown(doc: AdoptionDocument): string {
  const out: string[] = [];
  const push = (...blocks: string[]): void => {
    out.push(...blocks);
  };

  push(`# ${documentTitle(doc)}`, table(['Gegeven', 'Waarde'], coverFacts(doc)), `_${COVER_NOTE}_`);

  push(`## ${SECTION.besluit}`, `**${doc.besluit.zin}**`, ...doc.besluit.toelichting);
  if (doc.alvBesluiten.length > 0) {
    push(
      `### ${SECTION.alvBesluit}`,
      doc.alvBesluiten
        .map((b) => `- ${formatCalendarDate(b.datum)} (ALV van ${formatCalendarDate(b.alvDatum)}): **${b.uitkomstLabel}**; ${formatVotes(b.percentages)}; kenmerk ${b.kenmerk}.`)
        .join('\n'),
    );
  }

  push(`## ${SECTION.tekst(doc)}`);
  for (const p of doc.tekst) push(`### ${p.nummer}. ${p.titel}`, p.markdown === '' ? '_(geen tekst)_' : p.markdown);

  push(`## ${SECTION.redline(doc)}`, redlineIntro(doc));
  if (!doc.redline.zelfde && doc.redline.gewijzigd) {
    push('Notatie (CriticMarkup): `{++ingevoegd++}`, `{--verwijderd--}`, `{>>herkomst<<}`.');
    for (const p of doc.redline.principes) {
      push(`### ${redlineHeading(p)}`);
      const moved = movedNote(p);
      if (moved !== null) push(moved);
      if (p.kop !== null) push(`Titel: ${critic(p.kop)}${sources(p.kop)}`);
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

  push(`## ${SECTION.amendementen(doc)}`, amendmentsIntro(doc));
  if (doc.amendementen.length > 0) {
    push(
      table(
        AMENDMENT_COLUMNS,
        doc.amendementen.map((a) => [`[${a.nummer}](${a.url})`, a.titel, a.indiener, a.medeIndieners.join(', ') || '–', DECISION_LABEL[a.besluit], a.reden]),
      ),
    );
  }

  const eh = endorsersHeading(doc);
  push(`## ${SECTION.onderschrijvers}`, `### ${eh.deze}`);
  push(doc.onderschrijvers.dezeVersie.aantal === 0 ? NO_ENDORSERS : table(ENDORSER_COLUMNS, doc.onderschrijvers.dezeVersie.items.map(endorserCells)));
  push(`### ${eh.eerder}`);
  push(doc.onderschrijvers.alleenEerder.aantal === 0 ? NO_ENDORSERS : table(ENDORSER_COLUMNS, doc.onderschrijvers.alleenEerder.items.map(endorserCells)));

  push(`## ${SECTION.verificatie}`, VERIFICATION_INTRO, table(['Gegeven', 'Waarde'], verificationFacts(doc).map(([k, v]) => [k, `\`${v}\``])));
  push(['```sh', ...doc.verificatie.opdrachten.flatMap((o) => [`# ${o.uitleg}`, o.opdracht]), '```'].join('\n'));
  push(`Deze versie op de website: <${doc.links.versie}>`);

  return `${out.join('\n\n')}\n`;
}
