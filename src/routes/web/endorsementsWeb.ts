/**
 * The endorsement forms (Dutch, server-rendered, no JavaScript needed):
 * - `/documenten/{d}/versies/{v}/onderschrijven` (GET form, POST): a representative endorses a named
 *   version for their own organisation: signatory (name, function), deciding body, decision date and
 *   reference, optionally a link to the published decision. Success: 303 to `/organisaties/{code}`.
 * - `/documenten/{d}/onderschrijvingen/{id}/intrekken` (GET form, POST): withdraw with a reason.
 *   Success: 303 to `/organisaties/{code}`.
 *
 * The form's page comes from a query that authorizes first (a wrong role gets 403 and never a form;
 * not signed in: to the sign-in page), then checks the path (unknown version 404, the draft 409); the
 * post goes to the command, which does the same and validates; invalid input shows the form again with
 * the Dutch errors (400), a conflict with its message (409). The form posts flat fields named like the
 * API's (`ondertekenaar.naam`, `besluit.datum`, ...), so a field error lands on its field.
 */
import { Router } from 'express';
import { endorseVersion } from '../../commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../../commands/endorsements/withdrawEndorsement.js';
import { endorseFormModel, withdrawFormModel } from '../../presenters/endorsementPresenters.js';
import { endorseForm, endorsementToWithdraw, withdrawForm } from '../../queries/endorsementQueries.js';
import type { Stores } from '../../storage/stores.js';
import { emptyForm, formFields, handleForm } from './forms.js';

const FIELDS = ['ondertekenaar.naam', 'ondertekenaar.functie', 'besluit.orgaan', 'besluit.datum', 'besluit.kenmerk', 'besluit.url'] as const;

/** The flat form fields as the API's nested input (validated by the command with the same schema). */
function endorseInputOf(values: Record<string, string>) {
  return {
    ondertekenaar: { naam: values['ondertekenaar.naam'], functie: values['ondertekenaar.functie'] },
    besluit: { orgaan: values['besluit.orgaan'], datum: values['besluit.datum'], kenmerk: values['besluit.kenmerk'], url: values['besluit.url'] ?? '' },
  };
}

export function endorsementsWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/documenten/:document/versies/:versie/onderschrijven', (req, res) => {
    const f = endorseForm(stores, res.locals.user, req.params.document, req.params.versie);
    res.render('pages/endorse-form', { ...endorseFormModel(f), form: emptyForm() });
  });

  r.post('/documenten/:document/versies/:versie/onderschrijven', async (req, res) => {
    const user = res.locals.user;
    const f = endorseForm(stores, user, req.params.document, req.params.versie);
    const fields = formFields(req);
    const values: Record<string, string> = Object.fromEntries(FIELDS.map((name) => [name, fields[name] ?? '']));
    await handleForm(res, 'pages/endorse-form', endorseFormModel(f), values, async () => {
      await endorseVersion(stores, user, f.slug, f.version.naam, endorseInputOf(values));
      res.redirect(303, `/organisaties/${encodeURIComponent(f.organisatie.code)}`);
    });
  });

  r.get('/documenten/:document/onderschrijvingen/:id/intrekken', (req, res) => {
    const record = withdrawForm(stores, res.locals.user, req.params.document, req.params.id);
    res.render('pages/endorsement-withdraw', { ...withdrawFormModel(record), form: emptyForm() });
  });

  r.post('/documenten/:document/onderschrijvingen/:id/intrekken', async (req, res) => {
    const record = endorsementToWithdraw(stores, res.locals.user, req.params.document, req.params.id);
    const values = { reden: formFields(req).reden ?? '' };
    await handleForm(res, 'pages/endorsement-withdraw', withdrawFormModel(record), values, async () => {
      await withdrawEndorsement(stores, res.locals.user, record.document, record.id, values);
      res.redirect(303, `/organisaties/${encodeURIComponent(record.organisatie.code)}`);
    });
  });

  return r;
}
