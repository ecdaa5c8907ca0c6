/**
 * The public overview of a document's endorsements: `/documenten/{document}/onderschrijvingen`. The
 * page and what keeps it fast (the read model, the kept map, chart and pages) are in
 * src/presenters/endorsementOverviewPage.ts, made once in createApp; the handler translates the request
 * and sends the bytes. Mount before the web router's catch-all 404.
 */
import { Router } from 'express';
import type { EndorsementOverviewPage } from '../../presenters/endorsementOverviewPage.js';
import { weakEtag } from '../etag.js';

export function endorsementsOverviewWeb(overview: EndorsementOverviewPage): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/documenten/:document/onderschrijvingen', (req, res, next) => {
    const anonymous = res.locals.user === null || res.locals.user === undefined;
    const response = overview.respond(req.params.document, req.query, anonymous);
    // The state and query determine the anonymous page, so they name it: a weak ETag from the key
    // instead of express's hash of the whole body (a third of a millisecond per 300 kB).
    if (response.cacheKey !== null) res.set('ETag', weakEtag(response.cacheKey));
    if (response.kind === 'kept') {
      res.type('html').send(response.body);
      return;
    }
    res.status(response.status).render('pages/endorsements', response.locals, (err: Error | null, html: string) => {
      if (err !== null) {
        next(err);
        return;
      }
      // The UTF-8 bytes are kept, so a kept page is not encoded again.
      const body = response.assemble(html);
      overview.keep(response, body);
      res.type('html').send(body);
    });
  });

  return r;
}
