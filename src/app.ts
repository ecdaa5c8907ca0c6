/**
 * createApp builds the express app from already-opened stores. It never listens: src/server.ts does
 * that, and tests drive the app with supertest. The long-lived read models and caches of the pages are
 * made here, once per app, and handed to the routers (which keep no state of their own).
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { DEFAULT_PUBLIC_URL, PROJECT_ROOT, type TrustProxy } from './config.js';
import { apiRouter } from './routes/api/apiRouter.js';
import { errorHandler } from './routes/errorHandler.js';
import { assetsRouter } from './routes/web/assets.js';
import { webRouter } from './routes/web/webRouter.js';
import { viewHelpers } from './presenters/viewHelpers.js';
import { ReadOnlyMode } from './errors.js';
import type { Stores } from './storage/stores.js';
import { fileModeDescription } from './mail/transports.js';
import { SignInLimiter } from './domain/rateLimiter.js';
import { authenticate } from './routes/auth/authenticate.js';
import { can } from './policies/policies.js';
import { EndorsementOverviewIndex } from './queries/endorsementOverviewIndex.js';
import { EndorsementOverviewPage } from './presenters/endorsementOverviewPage.js';
import type { RouteDeps } from './routes/deps.js';

export interface AppDeps {
  stores: Stores;
  /** Where unexpected errors go; defaults to console.error. */
  log?: (msg: string, err: unknown) => void;
  /** Which reverse proxies to believe (default none); never "all" (see TrustProxy). */
  trustProxy?: TrustProxy;
  /** Sign-in rate limits (tests pass their own clock). */
  limiter?: SignInLimiter;
  /** Valid working-group approvals needed before an amendment can be merged (default 1). */
  minApprovals?: number;
  /** Public address for links in the adoption document and in mails (default https://principes.vng.nl). */
  publicUrl?: string;
  /** Where outgoing mail goes, as the mail page names it (the SMTP address without password, or the folder); default the file mode's folder. */
  mailDelivery?: string;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('view engine', 'ejs');
  app.set('views', path.join(PROJECT_ROOT, 'views'));
  // Compile each template once per process. Express only does this when NODE_ENV=production, and
  // nobody sets that for `npm start`: without it EJS reads and compiles every template (and include)
  // on every request. A changed template needs a restart (docs/README "Pitfalls").
  app.set('view cache', true);
  // Defaults for pages rendered before authentication ran (e.g. a 404 for an asset).
  Object.assign(app.locals, viewHelpers, { can, user: null, csrfToken: '' });
  const limiter = deps.limiter ?? new SignInLimiter();

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          // The service may run on plain http on a laptop or intranet; a proxy adds TLS.
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );

  app.use('/assets', assetsRouter());
  app.use(authenticate(deps.stores));
  // Inspection mode: every write request is refused up front with the same 503, before any validation
  // or state check could answer something else (the storage layer refuses writes as well).
  if (deps.stores.readOnly) {
    app.use((req, _res, next) => next(['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? undefined : new ReadOnlyMode()));
  }
  const publicUrl = deps.publicUrl ?? DEFAULT_PUBLIC_URL;
  const routeDeps: RouteDeps = {
    stores: deps.stores,
    limiter,
    amendments: { minApprovals: deps.minApprovals ?? 1 },
    publicUrl,
    // The endorsements overview's read model, kept up to date per endorsement event, and its page caches.
    endorsementOverview: new EndorsementOverviewPage(deps.stores, new EndorsementOverviewIndex(deps.stores.endorsements)),
    mail: { delivery: deps.mailDelivery ?? fileModeDescription(deps.stores.dataDir), publicUrl },
  };
  app.use('/api/v1', apiRouter(routeDeps));
  app.use(webRouter(routeDeps));

  const log = deps.log ?? ((msg: string, err: unknown) => console.error(msg, err));
  app.use(errorHandler(log));
  return app;
}
