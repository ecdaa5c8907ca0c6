/**
 * The ALV adoption on the web: download the adoption document (Word, HTML, Markdown; public) and the
 * secretary's forms on the version page (agenda, decision text, the assembly's decision). A form with
 * invalid input or a conflict shows the version page again with the message at that form.
 */
import { Router, type Response } from 'express';
import { recordAdoption } from '../../commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../commands/versions/setDecisionText.js';
import { findNamedVersion } from '../../commands/versions/versionStateSupport.js';
import { InvalidInput, type FieldError } from '../../errors.js';
import { authorize, type Action } from '../../policies/policies.js';
import { documentAt } from '../../queries/documentQueries.js';
import type { Stores } from '../../storage/stores.js';
import { adoptionSchema, decisionTextSchema, formatQuery, scheduleSchema } from '../../schemas/adoption.js';
import { renderAdoption, sendAdoption } from '../api/adoptionApi.js';
import { parseInput } from '../../validation.js';
import { versionPageModel } from './documentsWeb.js';
import { handleForm } from './forms.js';

type AdoptionForm = 'agendering' | 'besluittekst' | 'vaststelling';

/** `12,5` or `12.5` -> 12.5; empty -> undefined; anything else -> NaN (refused by the schema). */
function percent(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const s = value.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/** The form's flat fields as the API's body: percentages null when none is filled in. */
function adoptionBody(values: Record<string, unknown>): unknown {
  const voor = percent(values.voor);
  const tegen = percent(values.tegen);
  const onthouding = percent(values.onthouding);
  const filledIn = [voor, tegen, onthouding].some((v) => v !== undefined);
  return { datum: values.datum, uitkomst: values.uitkomst, kenmerk: values.kenmerk, percentages: filledIn ? { voor, tegen, onthouding } : null };
}

/** Field errors of the nested body point at the form's flat fields (`percentages.voor` -> `voor`). */
function flatErrors(e: InvalidInput): InvalidInput {
  const errors: FieldError[] = e.errors.map((f) => ({ ...f, name: f.name === 'percentages' ? 'voor' : f.name.replace(/^percentages\./, '') }));
  return new InvalidInput(e.detail, errors);
}

export function adoptionWeb(stores: Stores, publicUrl: string): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const base = '/documenten/:document/versies/:versie';

  r.get(`${base}/vaststellingsstuk`, async (req, res) => {
    const q = parseInput(formatQuery, req.query, 'Het formaat');
    sendAdoption(res, q.formaat, await renderAdoption(stores, req.params.document, req.params.versie, q.formaat, publicUrl));
  });

  /** Validate the version (404), authorize (401/403), then run the form; errors show the version page. */
  async function onVersionForm(
    req: { params: { document: string; versie: string }; body: unknown },
    res: Response,
    which: AdoptionForm,
    action: Action,
    run: (values: Record<string, unknown>) => Promise<void>,
  ): Promise<void> {
    const { repo, version } = findNamedVersion(stores, req.params.document, req.params.versie);
    authorize(res.locals.user, action);
    const values = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const at = await documentAt(stores.documents, repo.slug, version.naam);
    const locals = { title: `${at.text.meta.titel}, versie ${version.naam}`, page: versionPageModel(stores, repo.slug, at), adoptionForm: which };
    await handleForm(res, 'pages/version', locals, values, async () => {
      await run(values);
      res.redirect(303, `/documenten/${repo.slug}/versies/${version.naam}#vaststelling`);
    });
  }

  r.post(`${base}/agendering`, (req, res) =>
    onVersionForm(req, res, 'agendering', 'version:schedule', async (values) => {
      const input = parseInput(scheduleSchema, values, 'De agendering');
      await scheduleVersion(stores, res.locals.user, req.params.document, req.params.versie, input);
    }),
  );

  r.post(`${base}/besluittekst`, (req, res) =>
    onVersionForm(req, res, 'besluittekst', 'version:schedule', async (values) => {
      const input = parseInput(decisionTextSchema, values, 'De besluittekst');
      await setDecisionText(stores, res.locals.user, req.params.document, req.params.versie, input);
    }),
  );

  r.post(`${base}/vaststelling`, (req, res) =>
    onVersionForm(req, res, 'vaststelling', 'version:adopt', async (values) => {
      let input;
      try {
        input = parseInput(adoptionSchema, adoptionBody(values), 'Het besluit');
      } catch (e) {
        throw e instanceof InvalidInput ? flatErrors(e) : e;
      }
      await recordAdoption(stores, res.locals.user, req.params.document, req.params.versie, input);
    }),
  );

  return r;
}
