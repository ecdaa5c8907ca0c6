/**
 * The adoption document as a file in one of the three formats: its bytes and its file name.
 *
 * Rendering a large document is seconds of synchronous work (the Word file of 10,000 principles: over
 * ten), during which the event loop would answer no one: other clients' requests wait, and keep-alive
 * connections that time out meanwhile are reset. So a large document is rendered in a worker thread
 * (renderOffThread.ts), one at a time; a small one, as most are, right here. Both run the same code
 * (`renderAdoptionFile`), so the bytes are the same either way.
 */
import type { AdoptionDocument } from '../../domain/adoptionDocument.js';
import { renderAdoptionDocx } from './docx.js';
import { renderAdoptionHtml } from './html.js';
import { renderAdoptionMarkdown } from './markdown.js';
import { renderOffThread } from './renderOffThread.js';
import { fileName, type AdoptionFormat } from './text.js';

export interface AdoptionFile {
  body: Buffer;
  name: string;
}

/** From this many characters of principle text on, a document is rendered off the event loop. */
export const OFF_THREAD_CHARS = 200_000;

/** Renders in this thread. */
export async function renderAdoptionFile(doc: AdoptionDocument, format: AdoptionFormat): Promise<AdoptionFile> {
  const body = format === 'docx' ? await renderAdoptionDocx(doc) : Buffer.from(format === 'html' ? renderAdoptionHtml(doc) : renderAdoptionMarkdown(doc), 'utf8');
  return { body, name: fileName(doc, format) };
}

export function isLargeDocument(doc: AdoptionDocument): boolean {
  let chars = 0;
  for (const p of doc.tekst) chars += p.markdown.length;
  return chars >= OFF_THREAD_CHARS;
}

export async function adoptionFile(doc: AdoptionDocument, format: AdoptionFormat): Promise<AdoptionFile> {
  return isLargeDocument(doc) ? renderOffThread(doc, format) : renderAdoptionFile(doc, format);
}
