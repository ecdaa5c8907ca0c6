/**
 * The ALV adoption on the web: download the adoption document (Word, HTML, Markdown; public) and the
 * secretary's forms on the version page (agenda, decision text, the assembly's decision). The commands
 * authorize and validate; a form with invalid input or a conflict shows the version page again with
 * the message at that form.
 */
import { Router, type Request, type Response } from 'express';
import { recordAdoption } from '../../commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../commands/versions/setDecisionText.js';
import { InvalidInput, type FieldError } from '../../errors.js';
import { versionPageModel } from '../../presenters/versionPages.js';
import { namedVersionPage } from '../../queries/versionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { adoptionDownload } from '../adoptionDownload.js';
import { formFields, handleForm } from './forms.js';
import { adoptionSchema, decisionTextSchema, formatQuery, scheduleSchema } from '../../schemas/adoption.js';

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

  r.get(`${base}/vaststellingsstuk`, adoptionDownload(stores, publicUrl));

  /** The named version's page (404 for anything else), then the form's command; its errors show that page. */
  async function onVersionForm(
    req: Request<{ document: string; versie: string }>,
    res: Response,
    which: AdoptionForm,
    run: (values: Record<string, unknown>) => Promise<unknown>,
  ): Promise<void> {
    const page = versionPageModel(await namedVersionPage(stores, req.params.document, req.params.versie));
    const values = formFields(req);
    const locals = { title: `${page.at.text.meta.titel}, versie ${page.naam}`, page, adoptionForm: which };
    await handleForm(res, 'pages/version', locals, values, async () => {
      await run(values);
      res.redirect(303, `/documenten/${page.slug}/versies/${page.naam}#vaststelling`);
    });
  }

  r.post(`${base}/agendering`, (req, res) =>
    onVersionForm(req, res, 'agendering', (values) => scheduleVersion(stores, res.locals.user, req.params.document, req.params.versie, values)),
  );

  r.post(`${base}/besluittekst`, (req, res) =>
    onVersionForm(req, res, 'besluittekst', (values) => setDecisionText(stores, res.locals.user, req.params.document, req.params.versie, values)),
  );

  r.post(`${base}/vaststelling`, (req, res) =>
    onVersionForm(req, res, 'vaststelling', async (values) => {
      try {
        return await recordAdoption(stores, res.locals.user, req.params.document, req.params.versie, adoptionBody(values));
      } catch (e) {
        throw e instanceof InvalidInput ? flatErrors(e) : e;
      }
    }),
  );

  return r;
}
