/**
 * `GET .../versies/{versie}/vaststellingsstuk?formaat=md|html|docx`, the adoption document of a named
 * version, for the API and the pages alike (public). HTML is shown, with a Content-Security-Policy that
 * allows only its own stylesheet; Word and Markdown are downloads.
 */
import type { RequestHandler } from 'express';
import { adoptionFile } from '../presenters/adoption/adoptionFile.js';
import { ADOPTION_HTML_CSP } from '../presenters/adoption/html.js';
import { MEDIA_TYPE } from '../presenters/adoption/text.js';
import { adoptionDocument } from '../queries/adoptionQueries.js';
import type { Stores } from '../storage/stores.js';
import { parseInput } from '../validation.js';
import { formatQuery } from '../schemas/adoption.js';

export function adoptionDownload(stores: Stores, publicUrl: string): RequestHandler<{ document: string; versie: string }> {
  return async (req, res) => {
    const { formaat } = parseInput(formatQuery, req.query, 'Het formaat');
    const doc = await adoptionFile(await adoptionDocument(stores, req.params.document, req.params.versie, { publicUrl }), formaat);
    res.setHeader('Content-Type', MEDIA_TYPE[formaat]);
    res.setHeader('Content-Disposition', `${formaat === 'html' ? 'inline' : 'attachment'}; filename="${doc.name}"`);
    res.setHeader('Cache-Control', 'no-cache');
    if (formaat === 'html') res.setHeader('Content-Security-Policy', ADOPTION_HTML_CSP);
    res.send(doc.body);
  };
}
