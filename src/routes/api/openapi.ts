/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. It describes every endpoint
 * that exists (a test compares it with the router) and passes the NL GOV API Design Rules linter
 * (tests/api/openapiLint.test.ts runs Spectral with the official ruleset).
 */

export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

const versionHeader = {
  'API-Version': {
    description: 'De volledige versie van de API.',
    schema: { type: 'string', example: API_VERSION },
  },
};

const problemRef = { $ref: '#/components/schemas/Probleem' };

function problem(description: string): Json {
  return { description, headers: versionHeader, content: { 'application/problem+json': { schema: problemRef } } };
}

const errors = {
  '400': problem('Ongeldige invoer; `errors` noemt elk veld of elke parameter.'),
  '404': problem('Onbekend document, onbekende versie of onbekend pad.'),
  '429': problem('Te veel verzoeken.'),
  '500': problem('Interne fout.'),
};

function ok(description: string, schema: Json, extra: Json = {}): Json {
  return { '200': { description, headers: versionHeader, content: { 'application/json': { schema }, ...extra } }, ...errors };
}

function pathParam(name: string, description: string, schema: Json = { type: 'string' }): Json {
  return { name, in: 'path', required: true, description, schema };
}

function queryParam(name: string, description: string, schema: Json, required = false): Json {
  return { name, in: 'query', required, description, schema };
}

const documentParam = pathParam('document', 'De naam van het document, bijv. `digitale-stad`.', {
  type: 'string',
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
});
const refPattern = '^(concept|v?\\d{1,4}\\.\\d{1,4}|[0-9a-f]{7,40})$';
const versionParam = pathParam('versie', 'Een versienaam (`1.0`), `concept` voor het concept, of een commit-id.', {
  type: 'string',
  pattern: refPattern,
});

function list(itemRef: string): Json {
  return {
    type: 'object',
    required: ['items', 'volgende'],
    properties: {
      items: { type: 'array', items: { $ref: itemRef } },
      volgende: { type: ['string', 'null'], description: 'Cursor voor de volgende pagina, of null.' },
    },
  };
}

const oid = { type: 'string', pattern: '^[0-9a-f]{40}$' };
const time = { type: 'string', format: 'date-time' };

const schemas: Json = {
  Probleem: {
    type: 'object',
    description: 'Foutmelding volgens RFC 9457 (application/problem+json).',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string', description: 'Stabiele code van de fout, bijv. `not_found`.' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'reason'],
          properties: { name: { type: 'string' }, reason: { type: 'string' } },
        },
      },
    },
  },
  VersieSamenvatting: {
    type: 'object',
    required: ['document', 'naam', 'tag', 'commit', 'tree', 'status'],
    properties: {
      document: { type: 'string' },
      naam: { type: 'string', examples: ['1.0'] },
      tag: { type: 'string', examples: ['v1.0'] },
      commit: oid,
      tree: oid,
      status: { type: 'string', enum: ['gepubliceerd', 'ter-vaststelling', 'vastgesteld'] },
      toelichting: { type: 'string' },
      tijdstip: time,
    },
  },
  Principe: {
    type: 'object',
    required: ['nummer', 'bestand', 'titel', 'tekst'],
    properties: {
      nummer: { type: 'integer' },
      bestand: { type: 'string', examples: ['01-infrastructuur-voor-iedereen.md'] },
      titel: { type: 'string' },
      tekst: { type: 'string', description: 'De Markdown van het principe, één zin per regel.' },
    },
  },
  Versie: {
    type: 'object',
    required: ['document', 'naam', 'commit', 'tree', 'status', 'principes'],
    properties: {
      document: { type: 'string' },
      naam: { type: 'string', description: '`concept`, een versienaam, of de commit-id' },
      commit: oid,
      tree: oid,
      status: { type: 'string', enum: ['concept', 'gepubliceerd', 'ter-vaststelling', 'vastgesteld', 'historisch'] },
      titel: { type: 'string' },
      beschrijving: { type: 'string' },
      bron: { type: 'string' },
      toelichting: { type: 'string' },
      tijdstip: time,
      principes: { type: 'array', items: { $ref: '#/components/schemas/Principe' } },
      markdown: { type: 'string', description: 'Het hele document als één Markdown-tekst.' },
    },
  },
  Document: {
    type: 'object',
    required: ['document', 'titel', 'concept', 'versies'],
    properties: {
      document: { type: 'string' },
      titel: { type: 'string' },
      beschrijving: { type: 'string' },
      concept: {
        type: 'object',
        required: ['commit', 'tree'],
        properties: { commit: oid, tree: oid, tijdstip: time },
      },
      huidigeVersie: { type: ['string', 'null'] },
      versies: { type: 'array', items: { $ref: '#/components/schemas/VersieSamenvatting' } },
    },
  },
  Commit: {
    type: 'object',
    required: ['commit', 'tree', 'ouders', 'auteur', 'tijdstip', 'bericht'],
    properties: {
      commit: oid,
      tree: oid,
      ouders: { type: 'array', items: oid },
      auteur: { type: 'object', properties: { naam: { type: 'string' }, email: { type: 'string' } } },
      tijdstip: time,
      samenvatting: { type: 'string' },
      bericht: { type: 'string' },
    },
  },
  Woorddeel: {
    type: 'object',
    required: ['soort', 'tekst'],
    properties: { soort: { type: 'string', enum: ['gelijk', 'ingevoegd', 'verwijderd'] }, tekst: { type: 'string' } },
  },
  Regelwijziging: {
    type: 'object',
    required: ['soort'],
    description:
      'Eén regel (zin). `gewijzigd` heeft `van`, `naar` en `woorden` (null als de woordvergelijking de grens overschreed: zin vervangen).',
    properties: {
      soort: { type: 'string', enum: ['gelijk', 'ingevoegd', 'verwijderd', 'gewijzigd'] },
      tekst: { type: 'string' },
      van: { type: 'string' },
      naar: { type: 'string' },
      regelVan: { type: 'integer' },
      regelNaar: { type: 'integer' },
      woorden: { type: ['array', 'null'], items: { $ref: '#/components/schemas/Woorddeel' } },
    },
  },
  PrincipeVergelijking: {
    type: 'object',
    required: ['soort', 'van', 'naar', 'regels'],
    properties: {
      soort: { type: 'string', enum: ['ongewijzigd', 'gewijzigd', 'toegevoegd', 'verwijderd', 'hernoemd'] },
      van: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/PrincipeVerwijzing' }] },
      naar: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/PrincipeVerwijzing' }] },
      regels: { type: 'array', items: { $ref: '#/components/schemas/Regelwijziging' } },
      telling: {
        type: 'object',
        properties: { ingevoegd: { type: 'integer' }, verwijderd: { type: 'integer' }, gewijzigd: { type: 'integer' } },
      },
    },
  },
  PrincipeVerwijzing: {
    type: 'object',
    required: ['bestand', 'nummer', 'titel'],
    properties: { bestand: { type: 'string' }, nummer: { type: 'integer' }, titel: { type: 'string' } },
  },
  Vergelijking: {
    type: 'object',
    required: ['document', 'van', 'naar', 'gewijzigd', 'principes'],
    properties: {
      document: { type: 'string' },
      van: { type: 'object', properties: { naam: { type: 'string' }, commit: oid } },
      naar: { type: 'object', properties: { naam: { type: 'string' }, commit: oid } },
      gewijzigd: { type: 'boolean' },
      metaGewijzigd: { type: 'boolean' },
      afgebroken: { type: 'boolean', description: 'Waar als een grens werd bereikt en zinnen als geheel vervangen worden getoond.' },
      principes: { type: 'array', items: { $ref: '#/components/schemas/PrincipeVergelijking' } },
    },
  },
};

const paths: Json = {
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: 'Deze beschrijving van de API',
      tags: ['API'],
      responses: ok('De OpenAPI-beschrijving.', { type: 'object' }),
    },
  },
  '/documenten': {
    get: {
      operationId: 'listDocumenten',
      summary: 'Alle documenten',
      tags: ['Documenten'],
      responses: ok('De documenten.', list('#/components/schemas/Document')),
    },
  },
  '/documenten/{document}': {
    get: {
      operationId: 'getDocument',
      summary: 'Eén document met zijn concept en versies',
      tags: ['Documenten'],
      parameters: [documentParam],
      responses: ok('Het document.', { $ref: '#/components/schemas/Document' }),
    },
  },
  '/documenten/{document}/versies': {
    get: {
      operationId: 'listVersies',
      summary: 'Benoemde versies, nieuwste eerst',
      tags: ['Versies'],
      parameters: [documentParam],
      responses: ok('De versies.', list('#/components/schemas/VersieSamenvatting')),
    },
  },
  '/documenten/{document}/versies/{versie}': {
    get: {
      operationId: 'getVersie',
      summary: 'De tekst van een versie, van het concept of van een commit',
      tags: ['Versies'],
      parameters: [documentParam, versionParam],
      responses: ok('De versie met haar principes.', { $ref: '#/components/schemas/Versie' }),
    },
  },
  '/documenten/{document}/geschiedenis': {
    get: {
      operationId: 'listGeschiedenis',
      summary: 'Commits van het concept, nieuwste eerst, per pagina',
      tags: ['Versies'],
      parameters: [
        documentParam,
        queryParam('limit', 'Aantal per pagina (1 tot 100).', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
        queryParam('cursor', 'De `volgende` van de vorige pagina.', { type: 'string' }),
        queryParam('bestand', 'Alleen commits die dit bestand wijzigen.', { type: 'string' }),
      ],
      responses: ok('Een pagina commits.', list('#/components/schemas/Commit')),
    },
  },
  '/documenten/{document}/vergelijking': {
    get: {
      operationId: 'getVergelijking',
      summary: 'Vergelijk twee versies per principe, per zin en per woord',
      tags: ['Versies'],
      parameters: [
        documentParam,
        queryParam('van', 'De oude versie, `concept` of commit.', { type: 'string', pattern: refPattern }, true),
        queryParam('naar', 'De nieuwe versie, `concept` of commit.', { type: 'string', pattern: refPattern }, true),
      ],
      responses: ok('De vergelijking.', { $ref: '#/components/schemas/Vergelijking' }),
    },
  },
};

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Principes voor de digitale stad',
      version: API_VERSION,
      description:
        'Versies, amendementen, onderschrijvingen en vaststelling van de Principes voor de digitale stad. ' +
        'Lezen is openbaar; schrijven vraagt een sessie of een Bearer-token.',
      contact: { name: 'VNG', email: 'info@vng.nl', url: 'https://vng.nl' },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/api/v1', description: 'Deze server' }],
    tags: [
      { name: 'API', description: 'Over de API' },
      { name: 'Documenten', description: 'Documenten met principes' },
      { name: 'Versies', description: 'Versies, geschiedenis en vergelijkingen' },
    ],
    paths,
    components: { schemas },
  };
}
