/**
 * The public pages (Dutch, server-rendered, no JavaScript needed): start page, document at a
 * version, one principle, history, compare, and a principle's own history.
 * Each handler: validate -> (reads are public) -> query -> render.
 */
import { amsterdamDate } from '../../domain/calendar.js';
import { versionNaming } from '../../queries/versionNaming.js';
import { Router } from 'express';
import { mapLimited, READ_FAN_OUT } from '../../collections.js';
import { z } from 'zod';
import { InvalidInput, NotFound } from '../../errors.js';
import { statusOf, versionStatusOf } from '../../presenters/apiPresenters.js';
import { findVersionState } from '../../domain/versionStatus.js';
import { principleSlug } from '../../presenters/viewHelpers.js';
import { amendmentOfRevision, compareRefs, documentAt, documentHistory, refName, type DocumentAtRef, type HistoryPage, type HistoryView } from '../../queries/documentQueries.js';
import { historyEntry, HISTORY_VIEW_LABEL } from '../../presenters/historyPresenters.js';
import type { Stores } from '../../storage/stores.js';
import type { DocumentRepository } from '../../storage/gitStore.js';
import { nameVersion } from '../../commands/versions/nameVersion.js';
import { authorize } from '../../policies/policies.js';
import { HISTORY_VIEWS, nameVersionSchema } from '../../schemas/documents.js';
import { pageSchema, refSchema } from '../../schemas/common.js';
import { emptyForm, handleForm } from './forms.js';
import { fieldErrors, parseInput } from '../../validation.js';


/** Options for the version switcher and the compare form: the draft and every named version. */
function refOptions(repo: DocumentRepository): { value: string; label: string }[] {
  return [
    { value: 'concept', label: 'Concept (huidige tekst)' },
    ...repo.versions().map((v) => ({ value: v.naam, label: `Versie ${v.naam}` })),
  ];
}

/** Named versions, newest first, each with its status (gepubliceerd, ter-vaststelling, vastgesteld). */
function versionsWithStatus(stores: Stores, repo: DocumentRepository) {
  return repo.versions().map((v) => ({ ...v, status: versionStatusOf(stores.db.data.versies, repo.slug, v.naam) }));
}

/** The model of a page that shows the document at a ref (also used by adoptionWeb for its forms). */
export function versionPageModel(stores: Stores, slug: string, at: DocumentAtRef) {
  const repo = at.repo;
  const versions = repo.versions();
  const head = repo.head();
  const latest = versions[0];
  const state = at.ref.soort === 'versie' ? findVersionState(stores.db.data.versies, repo.slug, at.ref.versie.naam) : undefined;
  const status = statusOf(at, stores.db.data.versies);
  const amendment = status === 'amendement' ? amendmentOfRevision(stores, repo.slug, at.ref.commit.oid) : null;
  return {
    slug,
    at,
    naam: refName(at.ref),
    status,
    /** For the text of an amendment's commit (never the draft): the amendment it belongs to, when known. */
    amendement: amendment === null ? null : { nummer: amendment.nummer, titel: amendment.titel },
    /** The ALV record of a named version (agenda, decision text, decisions); undefined otherwise or when none. */
    alv: state,
    options: refOptions(repo),
    versions,
    latest,
    draftDiffersFromLatest: latest !== undefined && latest.tree !== head.tree,
    headOid: head.oid,
    /** Today in the Netherlands: the default (and latest possible) date of the assembly's decision. */
    vandaag: amsterdamDate(new Date()),
  };
}

/** History pages: an unknown `weergave` falls back to the default rather than failing the page. */
const historyPageQuery = pageSchema(20).extend({ weergave: z.enum(HISTORY_VIEWS).optional().catch(undefined) });

function historyModel(slug: string, cursor: string | undefined, page: HistoryPage, principle: { bestand: string; titel: string; slug: string } | null) {
  const base = principle ? `/documenten/${slug}/principes/${principle.slug}/geschiedenis` : `/documenten/${slug}/geschiedenis`;
  const defaultView: HistoryView = principle ? 'alles' : 'concept';
  const href = (weergave: HistoryView, next?: string): string => {
    const params = new URLSearchParams();
    if (weergave !== defaultView) params.set('weergave', weergave);
    if (next !== undefined) params.set('cursor', next);
    const query = params.toString();
    return query === '' ? base : `${base}?${query}`;
  };
  return {
    title: 'Geschiedenis',
    slug,
    items: page.items.map(historyEntry),
    weergave: page.weergave,
    views: HISTORY_VIEWS.map((v) => ({ value: v, label: HISTORY_VIEW_LABEL[v], href: href(v), current: v === page.weergave })),
    newest: cursor === undefined ? null : href(page.weergave),
    older: page.next === null ? null : href(page.weergave, page.next),
    principle,
  };
}

const compareQuery = z.object({
  van: refSchema.optional(),
  naar: refSchema.optional(),
  weergave: z.enum(['inline', 'naast-elkaar']).catch('inline').default('inline'),
});

export function documentsWeb(stores: Stores): Router {
  const store = stores.documents;
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/', async (_req, res) => {
    const repos = store.list();
    const first = repos[0];
    if (first === undefined) {
      res.render('pages/home', { title: 'Start', page: null, documents: [] });
      return;
    }
    const ref = first.versions()[0]?.naam ?? 'concept';
    const at = await documentAt(store, first.slug, ref);
    res.render('pages/home', {
      title: 'Start',
      page: versionPageModel(stores, first.slug, at),
      documents: repos.map((d) => d.slug),
    });
  });

  r.get('/documenten', async (_req, res) => {
    const items = await mapLimited(store.list(), READ_FAN_OUT, async (repo) => {
      const at = await documentAt(store, repo.slug, 'concept');
      return { slug: repo.slug, titel: at.text.meta.titel, beschrijving: at.text.meta.beschrijving, versies: versionsWithStatus(stores, repo) };
    });
    res.render('pages/documents', { title: 'Documenten', items });
  });

  r.get('/documenten/:document', (req, res) => {
    const repo = store.get(req.params.document);
    const ref = repo.versions()[0]?.naam ?? 'concept';
    res.redirect(303, `/documenten/${repo.slug}/versies/${ref}`);
  });

  // The version switcher is a GET form: ?versie=1.0 -> the version's permalink.
  r.get('/documenten/:document/versies', (req, res) => {
    const repo = store.get(req.params.document);
    if (typeof req.query.versie === 'string' && req.query.versie !== '') {
      const ref = parseInput(refSchema, req.query.versie, 'De versie');
      const resolved = repo.resolve(ref);
      res.redirect(303, `/documenten/${repo.slug}/versies/${refName(resolved)}`);
      return;
    }
    res.render('pages/versions', { title: 'Versies', slug: repo.slug, versions: versionsWithStatus(stores, repo), head: repo.head(), naming: versionNaming(repo), form: emptyForm() });
  });

  // Name the current draft as a version (secretaris, beheerder); the form is on the versions page.
  r.post('/documenten/:document/versies', async (req, res) => {
    const repo = store.get(req.params.document);
    const values = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    authorize(res.locals.user, 'version:name');
    const locals = { title: 'Versies', slug: repo.slug, versions: versionsWithStatus(stores, repo), head: repo.head(), naming: versionNaming(repo) };
    await handleForm(res, 'pages/versions', locals, values, async () => {
      const input = parseInput(nameVersionSchema, values, 'De versie');
      const version = await nameVersion(stores, res.locals.user, repo.slug, input);
      res.redirect(303, `/documenten/${repo.slug}/versies/${version.naam}`);
    });
  });

  r.get('/documenten/:document/versies/:versie', async (req, res) => {
    const ref = parseRefOr404(req.params.versie);
    const at = await documentAt(store, req.params.document, ref);
    const model = versionPageModel(stores, at.repo.slug, at);
    res.render('pages/version', { title: `${at.text.meta.titel}, ${labelOf(model.naam)}`, page: model });
  });

  r.get('/documenten/:document/versies/:versie/principes/:principe', async (req, res) => {
    const ref = parseRefOr404(req.params.versie);
    const at = await documentAt(store, req.params.document, ref);
    const principle = at.text.principes.find((p) => principleSlug(p.bestand) === req.params.principe);
    if (principle === undefined) throw new NotFound(`Principe ${req.params.principe} bestaat niet in deze versie.`);
    const model = versionPageModel(stores, at.repo.slug, at);
    res.render('pages/principle', { title: `${principle.titel}, ${labelOf(model.naam)}`, page: model, principle });
  });

  r.get('/documenten/:document/geschiedenis', async (req, res) => {
    const repo = store.get(req.params.document);
    const q = parseInput(historyPageQuery, req.query, 'De zoekvraag');
    const page = await documentHistory(stores, repo.slug, q);
    res.render('pages/history', historyModel(repo.slug, q.cursor, page, null));
  });

  r.get('/documenten/:document/principes/:principe/geschiedenis', async (req, res) => {
    const repo = store.get(req.params.document);
    // A principle in a URL path is an unknown page when it cannot be a principle file at all.
    if (!/^[a-z0-9][a-z0-9.-]{0,120}$/.test(req.params.principe)) throw new NotFound(`Principe ${req.params.principe} bestaat niet.`);
    const bestand = `${req.params.principe}.md`;
    const q = parseInput(historyPageQuery, req.query, 'De zoekvraag');
    const draft = await documentAt(store, repo.slug, 'concept');
    const current = draft.text.principes.find((p) => p.bestand === bestand);
    const page = await documentHistory(stores, repo.slug, { ...q, bestand });
    if (current === undefined && page.items.length === 0) throw new NotFound(`Principe ${req.params.principe} bestaat niet.`);
    const principle = { bestand, titel: current?.titel ?? req.params.principe, slug: req.params.principe };
    res.render('pages/history', { ...historyModel(repo.slug, q.cursor, page, principle), title: `Geschiedenis van ${principle.titel}` });
  });

  r.get('/documenten/:document/vergelijking', async (req, res) => {
    const repo = store.get(req.params.document);
    const parsed = compareQuery.safeParse(req.query);
    const options = refOptions(repo);
    const defaults = { van: repo.versions()[0]?.naam ?? 'concept', naar: 'concept' };
    const render = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render('pages/compare', { title: 'Vergelijken', slug: repo.slug, options, defaults, result: null, errors: [], weergave: 'inline', ...extra });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error).map((e) => ({ ...e, reason: refErrorText(e.name) }));
      render(400, { errors, query: req.query });
      return;
    }
    const q = parsed.data;
    if (q.van === undefined && q.naar === undefined) {
      render(200, { query: defaults });
      return;
    }
    const missing = (['van', 'naar'] as const).filter((k) => q[k] === undefined);
    if (missing.length > 0) {
      render(400, { errors: missing.map((name) => ({ name, reason: refErrorText(name) })), query: req.query });
      return;
    }
    const result = await compareRefs(store, repo.slug, q.van ?? '', q.naar ?? '');
    render(200, { result, query: { van: q.van, naar: q.naar }, weergave: q.weergave });
  });

  return r;
}

function refErrorText(name: string): string {
  const which = name === 'van' ? 'de oude versie ("van")' : 'de nieuwe versie ("naar")';
  return `Kies ${which}: een versienaam zoals 1.0, "concept" of een commit.`;
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

function labelOf(naam: string): string {
  if (naam === 'concept') return 'concept';
  if (/^\d+\.\d+$/.test(naam)) return `versie ${naam}`;
  return `commit ${naam.slice(0, 10)}`;
}
