/**
 * The Dutch pages: form bodies (urlencoded, at most 1 MB), CSRF protection on every form, then the
 * areas, then the Dutch 404 page for everything else.
 */
import express, { Router, type Request } from 'express';
import { NotFound } from '../../errors.js';
import { csrfProtection } from '../auth/authenticate.js';
import { MAX_BODY_BYTES, type RouteDeps } from '../deps.js';
import { accountWeb } from './accountWeb.js';
import { adminWeb } from './adminWeb.js';
import { mailAdminWeb } from './mailAdminWeb.js';
import { amendmentsWeb } from './amendmentsWeb.js';
import { documentsWeb } from './documentsWeb.js';
import { adoptionWeb } from './adoptionWeb.js';
import { endorsementsWeb } from './endorsementsWeb.js';
import { endorsementsOverviewWeb } from './endorsementsOverviewWeb.js';
import { organisationsWeb } from './organisationsWeb.js';
import { organisationsAdminWeb } from './organisationsAdminWeb.js';

export function webRouter(deps: RouteDeps): Router {
  const r = Router({ strict: true, caseSensitive: true });
  r.use(express.urlencoded({ extended: false, limit: MAX_BODY_BYTES, parameterLimit: 200 }));
  r.use(csrfProtection('web'));
  r.use(documentsWeb(deps.stores));
  r.use(adoptionWeb(deps.stores, deps.publicUrl));
  r.use(amendmentsWeb(deps.stores, deps.amendments));
  r.use(organisationsWeb(deps.stores));
  r.use(accountWeb(deps.stores, deps.limiter));
  r.use(adminWeb(deps.stores));
  r.use(organisationsAdminWeb(deps.stores));
  r.use(mailAdminWeb(deps.stores, deps.mail));
  r.use(endorsementsOverviewWeb(deps.endorsementOverview));
  r.use(endorsementsWeb(deps.stores));
  r.use((req: Request) => {
    throw new NotFound(`De pagina ${req.path} bestaat niet.`);
  });
  return r;
}
