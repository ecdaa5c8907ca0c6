/**
 * The ALV adoption of a named version: the adoption document in three formats (public), putting the
 * version on the agenda, its decision text and the assembly's decision (secretaris). Each handler
 * translates: the request to a command (which finds the version, authorizes, validates and guards the
 * state), the record to JSON.
 *
 * The decision text is `PUT .../besluittekst {tekst}`: it replaces the explanation after the fixed
 * decision sentence (idempotent; an empty text brings back the generated default).
 */
import { Router } from 'express';
import { recordAdoption } from '../../commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../commands/versions/setDecisionText.js';
import { presentVersionState } from '../../presenters/adoptionPresenters.js';
import type { Stores } from '../../storage/stores.js';
import { adoptionDownload } from '../adoptionDownload.js';

export function adoptionApi(stores: Stores, publicUrl: string): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const base = '/documenten/:document/versies/:versie';

  r.get(`${base}/vaststellingsstuk`, adoptionDownload(stores, publicUrl));

  r.post(`${base}/agendering`, async (req, res) => {
    const state = await scheduleVersion(stores, res.locals.user, req.params.document, req.params.versie, req.body);
    res.json(presentVersionState(state.document, state.versie, state));
  });

  r.put(`${base}/besluittekst`, async (req, res) => {
    const state = await setDecisionText(stores, res.locals.user, req.params.document, req.params.versie, req.body);
    res.json(presentVersionState(state.document, state.versie, state));
  });

  r.post(`${base}/vaststelling`, async (req, res) => {
    const state = await recordAdoption(stores, res.locals.user, req.params.document, req.params.versie, req.body);
    res.status(201).location(`/api/v1/documenten/${state.document}/versies/${state.versie}`).json(presentVersionState(state.document, state.versie, state));
  });

  return r;
}
