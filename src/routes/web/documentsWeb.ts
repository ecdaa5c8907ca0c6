/**
 * The public pages (Dutch, server-rendered, no JavaScript needed): start page, document at a
 * version, one principle, history, compare, and a principle's own history; and the form that names
 * the draft as a version. Each handler translates: validate the path and query -> query (or command,
 * which authorizes) -> present -> render.
 */
import { Router } from 'express';
import { z } from 'zod';
import { nameVersion } from '../../commands/versions/nameVersion.js';
import { InvalidInput, NotFound } from '../../errors.js';
import { historyPageModel } from '../../presenters/historyPresenters.js';
import { compareModel, refLabel, versionPageModel } from '../../presenters/versionPages.js';
import { principleSlug } from '../../presenters/viewHelpers.js';
import { documentHistory } from '../../queries/documentQueries.js';
import { HISTORY_VIEWS } from '../../schemas/documents.js';
import { pageSchema, refSchema } from '../../schemas/common.js';
import {
  compareVersions,
  defaultRef,
  documentAtRef,
  documentSlug,
  documentsOverview,
  homePage,
  refChoices,
  resolvedRefName,
  versionPage,
  versionsPage,
} from '../../queries/versionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { fieldErrors, parseInput } from '../../validation.js';
import { emptyForm, formFields, handleForm } from './forms.js';

/** History pages: an unknown `weergave` falls back to the default rather than failing the page. */
const historyPageQuery = pageSchema(20).extend({ weergave: z.enum(HISTORY_VIEWS).optional().catch(undefined) });

const compareQuery = z.object({
  van: refSchema.optional(),
  naar: refSchema.optional(),
  weergave: z.enum(['inline', 'naast-elkaar']).catch('inline').default('inline'),
});

export function documentsWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/', async (_req, res) => {
    const home = await homePage(stores);
    res.render('pages/home', { title: 'Start', page: home.page === null ? null : versionPageModel(home.page), documents: home.documents });
  });

  r.get('/documenten', async (_req, res) => {
    res.render('pages/documents', { title: 'Documenten', items: await documentsOverview(stores) });
  });

  r.get('/documenten/:document', (req, res) => {
    const { slug, ref } = defaultRef(stores, req.params.document);
    res.redirect(303, `/documenten/${slug}/versies/${ref}`);
  });

  // The version switcher is a GET form: ?versie=1.0 -> the version's permalink.
  r.get('/documenten/:document/versies', (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    if (typeof req.query.versie === 'string' && req.query.versie !== '') {
      const ref = parseInput(refSchema, req.query.versie, 'De versie');
      res.redirect(303, `/documenten/${slug}/versies/${resolvedRefName(stores, slug, ref).naam}`);
      return;
    }
    res.render('pages/versions', { title: 'Versies', ...versionsPage(stores, slug), form: emptyForm() });
  });

  // Name the current draft as a version (the command authorizes: secretaris, beheerder); the form is on the versions page.
  r.post('/documenten/:document/versies', async (req, res) => {
    const page = versionsPage(stores, req.params.document);
    const values = formFields(req);
    await handleForm(res, 'pages/versions', { title: 'Versies', ...page }, values, async () => {
      const version = await nameVersion(stores, res.locals.user, page.slug, values);
      res.redirect(303, `/documenten/${page.slug}/versies/${version.naam}`);
    });
  });

  r.get('/documenten/:document/versies/:versie', async (req, res) => {
    const model = versionPageModel(await versionPage(stores, req.params.document, parseRefOr404(req.params.versie)));
    res.render('pages/version', { title: `${model.at.text.meta.titel}, ${refLabel(model.naam)}`, page: model });
  });

  r.get('/documenten/:document/versies/:versie/principes/:principe', async (req, res) => {
    const model = versionPageModel(await versionPage(stores, req.params.document, parseRefOr404(req.params.versie)));
    const principle = model.at.text.principes.find((p) => principleSlug(p.bestand) === req.params.principe);
    if (principle === undefined) throw new NotFound(`Principe ${req.params.principe} bestaat niet in deze versie.`);
    res.render('pages/principle', { title: `${principle.titel}, ${refLabel(model.naam)}`, page: model, principle });
  });

  r.get('/documenten/:document/geschiedenis', async (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    const q = parseInput(historyPageQuery, req.query, 'De zoekvraag');
    const page = await documentHistory(stores, slug, q);
    res.render('pages/history', historyPageModel(slug, q.cursor, page, null));
  });

  r.get('/documenten/:document/principes/:principe/geschiedenis', async (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    // A principle in a URL path is an unknown page when it cannot be a principle file at all.
    if (!/^[a-z0-9][a-z0-9.-]{0,120}$/.test(req.params.principe)) throw new NotFound(`Principe ${req.params.principe} bestaat niet.`);
    const bestand = `${req.params.principe}.md`;
    const q = parseInput(historyPageQuery, req.query, 'De zoekvraag');
    const draft = await documentAtRef(stores, slug, 'concept');
    const current = draft.text.principes.find((p) => p.bestand === bestand);
    const page = await documentHistory(stores, slug, { ...q, bestand });
    if (current === undefined && page.items.length === 0) throw new NotFound(`Principe ${req.params.principe} bestaat niet.`);
    const principle = { bestand, titel: current?.titel ?? req.params.principe, slug: req.params.principe };
    res.render('pages/history', { ...historyPageModel(slug, q.cursor, page, principle), title: `Geschiedenis van ${principle.titel}` });
  });

  r.get('/documenten/:document/vergelijking', async (req, res) => {
    const { slug, versions } = refChoices(stores, req.params.document);
    const parsed = compareQuery.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).render('pages/compare', compareModel(slug, versions, { errors: fieldErrors(parsed.error).map((e) => e.name), query: req.query }));
      return;
    }
    const { van, naar, weergave } = parsed.data;
    if (van === undefined && naar === undefined) {
      res.render('pages/compare', compareModel(slug, versions, null));
      return;
    }
    if (van === undefined || naar === undefined) {
      res.status(400).render('pages/compare', compareModel(slug, versions, { errors: van === undefined ? ['van'] : ['naar'], query: req.query }));
      return;
    }
    const result = await compareVersions(stores, slug, van, naar);
    res.render('pages/compare', compareModel(slug, versions, { result, query: { van, naar }, weergave }));
  });

  return r;
}

/** In a URL path, a malformed version is just an unknown page (404), not a form error. */
function parseRefOr404(value: string): string {
  try {
    return parseInput(refSchema, value, 'De versie');
  } catch (e) {
    if (e instanceof InvalidInput) throw new NotFound(`Versie ${value} bestaat niet.`);
    throw e;
  }
}
