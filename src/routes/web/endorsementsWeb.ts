/**
 * The endorsement forms (Dutch, server-rendered, no JavaScript needed):
 * - `/documenten/{d}/versies/{v}/onderschrijven` (GET form, POST): a representative endorses a named
 *   version for their own organisation: signatory (name, function), deciding body, decision date and
 *   reference, optionally a link to the published decision. Success: 303 to `/organisaties/{code}`.
 * - `/documenten/{d}/onderschrijvingen/{id}/intrekken` (GET form, POST): withdraw with a reason.
 *   Success: 303 to `/organisaties/{code}`.
 *
 * Each handler: authorize first (a wrong role gets 403 and never a form; not signed in: to the sign-in
 * page) -> path checks (unknown version 404, the draft 409) -> validate -> command -> redirect, or
 * the form again with the Dutch errors (400) or the conflict (409). The form posts flat fields named
 * like the API's (`ondertekenaar.naam`, `besluit.datum`, ...), so a field error lands on its field.
 */
import { Router, type Request } from 'express';
import { authorizeEndorser, endorseVersion, namedVersion } from '../../commands/endorsements/endorseVersion.js';
import { findEndorsement, withdrawEndorsement } from '../../commands/endorsements/withdrawEndorsement.js';
import { DECIDING_BODIES, DECIDING_BODY_LABEL, type EndorsementRecord } from '../../domain/endorsementModel.js';
import { amsterdamDate } from '../../domain/calendar.js';
import { Conflict, NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import type { VersionInfo } from '../../storage/gitStore.js';
import { ENDORSEMENT_ID, endorseSchema, withdrawEndorsementSchema } from '../../schemas/endorsements.js';
import { parseInput } from '../../validation.js';
import { emptyForm, handleForm } from './forms.js';

type Body = Record<string, unknown>;

const FIELDS = ['ondertekenaar.naam', 'ondertekenaar.functie', 'besluit.orgaan', 'besluit.datum', 'besluit.kenmerk', 'besluit.url'] as const;

const bodyOptions = [{ value: '', label: 'Kies wie het besluit nam' }, ...DECIDING_BODIES.map((value) => ({ value, label: DECIDING_BODY_LABEL[value] }))];

function bodyOf(req: Request): Body {
  const b: unknown = req.body;
  return typeof b === 'object' && b !== null ? (b as Body) : {};
}

function text(body: Body, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** The flat form fields as the API's nested input (validated by the same schema). */
function endorseInputOf(values: Record<string, string>) {
  return {
    ondertekenaar: { naam: values['ondertekenaar.naam'], functie: values['ondertekenaar.functie'] },
    besluit: { orgaan: values['besluit.orgaan'], datum: values['besluit.datum'], kenmerk: values['besluit.kenmerk'], url: values['besluit.url'] ?? '' },
  };
}

function endorseUrl(slug: string, versie: string): string {
  return `/documenten/${slug}/versies/${versie}/onderschrijven`;
}

export function endorsementsWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  /** Everything the endorse page shows besides the form. */
  function endorsePage(slug: string, version: VersionInfo, organisatie: { code: string; naam: string }, now: Date) {
    const existing = stores.endorsements.activeFor(slug, version.naam, organisatie.code);
    return {
      title: `Versie ${version.naam} onderschrijven`,
      slug,
      version,
      organisatie,
      existing: existing ?? null,
      today: amsterdamDate(now),
      bodyOptions,
      action: endorseUrl(slug, version.naam),
    };
  }

  r.get('/documenten/:document/versies/:versie/onderschrijven', (req, res) => {
    const repo = stores.documents.get(req.params.document);
    const user = res.locals.user;
    authorizeEndorser(user);
    const version = namedVersion(repo, req.params.versie);
    res.render('pages/endorse-form', { ...endorsePage(repo.slug, version, user.organisatie, new Date()), form: emptyForm() });
  });

  r.post('/documenten/:document/versies/:versie/onderschrijven', async (req, res) => {
    const repo = stores.documents.get(req.params.document);
    const user = res.locals.user;
    authorizeEndorser(user);
    const version = namedVersion(repo, req.params.versie);
    const body = bodyOf(req);
    const values: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f, text(body, f)]));
    const locals = endorsePage(repo.slug, version, user.organisatie, new Date());
    await handleForm(res, 'pages/endorse-form', locals, values, async () => {
      const input = parseInput(endorseSchema, endorseInputOf(values), 'De onderschrijving');
      await endorseVersion(stores, user, repo.slug, version.naam, input);
      res.redirect(303, `/organisaties/${encodeURIComponent(user.organisatie.code)}`);
    });
  });

  /** The endorsement of the path, the signed-in representative of its organisation, and whether it can still be withdrawn. */
  function withdrawTarget(req: Request, user: CurrentUser | null): EndorsementRecord {
    const id = String(req.params.id);
    if (!ENDORSEMENT_ID.test(id)) throw new NotFound(`Onderschrijving ${id.slice(0, 60)} bestaat niet.`);
    const record = findEndorsement(stores, String(req.params.document), id);
    authorize(user, 'endorsement:give', { organisatie: record.organisatie.code });
    return record;
  }

  function withdrawPage(record: EndorsementRecord) {
    return {
      title: `Onderschrijving van versie ${record.versie} intrekken`,
      record,
      bodyLabel: DECIDING_BODY_LABEL,
      action: `/documenten/${record.document}/onderschrijvingen/${record.id}/intrekken`,
    };
  }

  r.get('/documenten/:document/onderschrijvingen/:id/intrekken', (req, res) => {
    const record = withdrawTarget(req, res.locals.user);
    if (record.status !== 'actief') throw new Conflict('Deze onderschrijving is al ingetrokken.');
    res.render('pages/endorsement-withdraw', { ...withdrawPage(record), form: emptyForm() });
  });

  r.post('/documenten/:document/onderschrijvingen/:id/intrekken', async (req, res) => {
    const record = withdrawTarget(req, res.locals.user);
    const values = { reden: text(bodyOf(req), 'reden') };
    await handleForm(res, 'pages/endorsement-withdraw', withdrawPage(record), values, async () => {
      const input = parseInput(withdrawEndorsementSchema, values, 'De intrekking');
      await withdrawEndorsement(stores, res.locals.user, record.document, record.id, input);
      res.redirect(303, `/organisaties/${encodeURIComponent(record.organisatie.code)}`);
    });
  });

  return r;
}
