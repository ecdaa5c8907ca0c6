/**
 * Building blocks for the OpenAPI description: every area of the API describes its paths and schemas
 * with these in its own `*Openapi.ts` file, and openapi.ts merges them.
 */
export const API_VERSION = '1.0.0';

export interface OpenApiFragment {
  paths: Json;
  schemas: Json;
}

export type Json = Record<string, unknown>;

export const versionHeader = {
  'API-Version': {
    description: 'De volledige versie van de API.',
    schema: { type: 'string', example: API_VERSION },
  },
};

export const problemRef = { $ref: '#/components/schemas/Probleem' };

export function problem(description: string): Json {
  return { description, headers: versionHeader, content: { 'application/problem+json': { schema: problemRef } } };
}

export const errors = {
  '400': problem('Ongeldige invoer; `errors` noemt elk veld of elke parameter.'),
  '404': problem('Onbekend document, onbekende versie of onbekend pad.'),
  '429': problem('Te veel verzoeken.'),
  '500': problem('Interne fout.'),
};

export function ok(description: string, schema: Json, extra: Json = {}): Json {
  return { '200': { description, headers: versionHeader, content: { 'application/json': { schema }, ...extra } }, ...errors };
}

export function pathParam(name: string, description: string, schema: Json = { type: 'string' }): Json {
  return { name, in: 'path', required: true, description, schema };
}

export function queryParam(name: string, description: string, schema: Json, required = false): Json {
  return { name, in: 'query', required, description, schema };
}

export const documentParam = pathParam('document', 'De naam van het document, bijv. `digitale-stad`.', {
  type: 'string',
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
});
export const refPattern = '^(concept|v?\\d{1,4}\\.\\d{1,4}|[0-9a-f]{7,40})$';
export const versionParam = pathParam('versie', 'Een versienaam (`1.0`), `concept` voor het concept, of een commit-id.', {
  type: 'string',
  pattern: refPattern,
});

export function list(itemRef: string): Json {
  return {
    type: 'object',
    required: ['items', 'volgende'],
    properties: {
      items: { type: 'array', items: { $ref: itemRef } },
      volgende: { type: ['string', 'null'], description: 'Cursor voor de volgende pagina, of null.' },
    },
  };
}

export const oid = { type: 'string', pattern: '^[0-9a-f]{40}$' };
export const time = { type: 'string', format: 'date-time' };

/** A 201 answer with a Location header. */
export function created(description: string, schema: Json): Json {
  return {
    '201': {
      description,
      headers: { ...versionHeader, Location: { description: 'Waar het nieuwe object staat.', schema: { type: 'string' } } },
      content: { 'application/json': { schema } },
    },
  };
}

/** Error answers of write endpoints. */
export const writeErrors: Json = {
  '400': problem('Ongeldige invoer; `errors` noemt elk veld.'),
  '401': problem('Niet aangemeld, of het token is verlopen of ingetrokken.'),
  '403': problem('Niet toegestaan voor deze gebruiker (of CSRF-token ontbreekt).'),
  '404': problem('Onbekend object.'),
  '409': problem('Conflict met de huidige toestand.'),
  '413': problem('Verzoek groter dan 1 MB.'),
  '415': problem('Geen application/json.'),
  '429': problem('Te veel verzoeken.'),
  '500': problem('Interne fout.'),
};

export function jsonBody(schema: Json): Json {
  return { required: true, content: { 'application/json': { schema } } };
}

export const bearerSecurity = [{ bearer: [] }, { sessie: [] }];
