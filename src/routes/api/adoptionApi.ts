/**
 * The ALV adoption of a named version: the adoption document in three formats
 * (public), putting the version on the agenda, its decision text and the assembly's decision
 * (secretaris). Each handler: validate -> authorize (in the command) -> command or query -> present.
 *
 * The decision text is `PUT .../besluittekst {tekst}`: it replaces the explanation after the fixed
 * decision sentence (idempotent; an empty text brings back the generated default).
 */
import { Router, type Response } from 'express';
import { recordAdoption } from '../../commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../commands/versions/setDecisionText.js';
import { presentVersionState } from '../../presenters/adoptionPresenters.js';
import { adoptionFile, type AdoptionFile } from '../../presenters/adoption/adoptionFile.js';
import { ADOPTION_HTML_CSP } from '../../presenters/adoption/html.js';
import { MEDIA_TYPE, type AdoptionFormat } from '../../presenters/adoption/text.js';
import { adoptionDocument } from '../../queries/adoptionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { adoptionSchema, decisionTextSchema, formatQuery, scheduleSchema } from '../../schemas/adoption.js';

/** Renders the adoption document of a version in one format. */
export async function renderAdoption(stores: Stores, slug: string, versie: string, format: AdoptionFormat, publicUrl: string): Promise<AdoptionFile> {
  return adoptionFile(await adoptionDocument(stores, slug, versie, { publicUrl }), format);
}

/** Sends it: HTML is shown (with a CSP that allows only its own stylesheet), Word and Markdown are downloads. */
export function sendAdoption(res: Response, format: AdoptionFormat, doc: AdoptionFile): void {
  res.setHeader('Content-Type', MEDIA_TYPE[format]);
  res.setHeader('Content-Disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${doc.name}"`);
  res.setHeader('Cache-Control', 'no-cache');
  if (format === 'html') res.setHeader('Content-Security-Policy', ADOPTION_HTML_CSP);
  res.send(doc.body);
}

export function adoptionApi(stores: Stores, publicUrl: string): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const base = '/documenten/:document/versies/:versie';

  r.get(`${base}/vaststellingsstuk`, async (req, res) => {
    const q = parseInput(formatQuery, req.query, 'Het formaat');
    sendAdoption(res, q.formaat, await renderAdoption(stores, req.params.document, req.params.versie, q.formaat, publicUrl));
  });

  r.post(`${base}/agendering`, async (req, res) => {
    const input = parseInput(scheduleSchema, req.body, 'De agendering');
    const state = await scheduleVersion(stores, res.locals.user, req.params.document, req.params.versie, input);
    res.json(presentVersionState(state.document, state.versie, state));
  });

  r.put(`${base}/besluittekst`, async (req, res) => {
    const input = parseInput(decisionTextSchema, req.body, 'De besluittekst');
    const state = await setDecisionText(stores, res.locals.user, req.params.document, req.params.versie, input);
    res.json(presentVersionState(state.document, state.versie, state));
  });

  r.post(`${base}/vaststelling`, async (req, res) => {
    const input = parseInput(adoptionSchema, req.body, 'Het besluit');
    const state = await recordAdoption(stores, res.locals.user, req.params.document, req.params.versie, input);
    res.status(201).location(`/api/v1/documenten/${state.document}/versies/${state.versie}`).json(presentVersionState(state.document, state.versie, state));
  });

  return r;
}
