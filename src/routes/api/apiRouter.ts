/**
 * `/api/v1`: NL GOV API Design Rules basics for every response (API-Version header, CORS for public
 * reads, problem+json errors, 404 for unknown paths including a trailing slash) and a bounded JSON body.
 */
import express, { Router } from 'express';
import { NotFound, PayloadTooLarge, UnsupportedMediaType } from '../../errors.js';
import { sendProblem } from '../errorHandler.js';
import { csrfProtection } from '../auth/authenticate.js';
import { MAX_BODY_BYTES, type RouteDeps } from '../deps.js';
import { accountsApi } from './accountsApi.js';
import { amendmentsApi } from './amendmentsApi.js';
import { documentsApi } from './documentsApi.js';
import { adoptionApi } from './adoptionApi.js';
import { endorsementsApi } from './endorsementsApi.js';
import { organisationsApi } from './organisationsApi.js';
import { API_VERSION, openApiJson } from './openapi.js';

export function apiRouter(deps: RouteDeps): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.use((req, res, next) => {
    res.setHeader('API-Version', API_VERSION);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'API-Version, Location');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  });

  r.use((req, _res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      next(new PayloadTooLarge('Het verzoek is groter dan toegestaan (1 MB).'));
      return;
    }
    next();
  });
  // Bodies: JSON only, at most 1 MB (413 beyond). A write with another media type is 415.
  r.use(express.json({ limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] }));
  r.use((req, _res, next) => {
    const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new UnsupportedMediaType('Stuur de inhoud als application/json.'));
      return;
    }
    next();
  });

  r.get('/openapi.json', (_req, res) => {
    res.type('json').send(openApiJson());
  });
  r.use(csrfProtection('api'));
  r.use(documentsApi(deps.stores));
  r.use(adoptionApi(deps.stores, deps.publicUrl));
  r.use(amendmentsApi(deps.stores, deps.amendments));
  r.use(endorsementsApi(deps.stores));
  r.use(accountsApi(deps.stores, deps.limiter));
  r.use(organisationsApi(deps.stores));

  r.use((req, res) => {
    sendProblem(res, new NotFound(`Onbekend pad: ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`), req.originalUrl);
  });
  return r;
}
