/** The adoption document as a file in one of the three formats: its bytes and its file name. */
import type { AdoptionDocument } from '../../domain/adoptionDocument.js';
import { renderAdoptionDocx } from './docx.js';
import { renderAdoptionHtml } from './html.js';
import { renderAdoptionMarkdown } from './markdown.js';
import { fileName, type AdoptionFormat } from './text.js';

export interface AdoptionFile {
  body: Buffer;
  name: string;
}

export async function adoptionFile(doc: AdoptionDocument, format: AdoptionFormat): Promise<AdoptionFile> {
  const body = format === 'docx' ? await renderAdoptionDocx(doc) : Buffer.from(format === 'html' ? renderAdoptionHtml(doc) : renderAdoptionMarkdown(doc), 'utf8');
  return { body, name: fileName(doc, format) };
}
