/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. It describes every endpoint
 * that exists (a test compares it with the router) and passes the NL GOV API Design Rules linter
 * (tests/api/openapiLint.test.ts runs Spectral with the official ruleset).
 */

import {
  API_VERSION,
  documentParam,
  list,
  ok,
  oid,
  queryParam,
  refPattern,
  time,
  versionParam,
  type Json,
  bearerSecurity,
  created,
  jsonBody,
  writeErrors,
  type OpenApiFragment,
} from './openapiParts.js';
import { accountsOpenapi } from './accountsOpenapi.js';
import { adoptionOpenapi } from './adoptionOpenapi.js';
import { amendmentsOpenapi } from './amendmentsOpenapi.js';
import { endorsementsOpenapi } from './endorsementsOpenapi.js';
import { organisationsOpenapi } from './organisationsOpenapi.js';

export { API_VERSION };

/** Areas add their paths and schemas here. */
const fragments: OpenApiFragment[] = [amendmentsOpenapi, organisationsOpenapi, accountsOpenapi, endorsementsOpenapi, adoptionOpenapi];


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
      alv: { $ref: '#/components/schemas/VersieAlv' },
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
      'Eén regel (zin) van de opgeslagen tekst (één zin per regel). De regels van `van` (gelijk, verwijderd, gewijzigd) en van `naar` ' +
      '(gelijk, ingevoegd, gewijzigd) vormen, in volgorde, beide teksten byte voor byte. `gewijzigd` is één zin die is bewerkt: ' +
      'een oude en een nieuwe zin met voor minstens de helft dezelfde woorden (een lijstnummer telt niet mee, een hernummerd lijstpunt is dus een woordwijziging), ' +
      'ook als er een alinea-einde tussen is geschoven (dan staat de lege regel als verwijderd en ingevoegd in de lijst). ' +
      '`gewijzigd` heeft `van`, `naar` en `woorden` (null als de woordvergelijking de grens overschreed: zin vervangen).',
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
    post: {
      operationId: 'createVersie',
      summary: 'Het huidige concept als versie benoemen (secretaris, beheerder)',
      tags: ['Versies'],
      security: bearerSecurity,
      parameters: [documentParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['naam', 'toelichting'],
        properties: {
          naam: { type: 'string', pattern: '^\\d{1,4}\\.\\d{1,4}$', examples: ['1.1'], description: 'Hoger dan de nieuwste versie.' },
          toelichting: { type: 'string', maxLength: 5000 },
          verwachtConcept: { type: 'string', pattern: '^[0-9a-f]{40}$', description: 'De concept-commit die u benoemt; 409 als het concept intussen veranderde.' },
        },
      }),
      responses: { ...created('De nieuwe versie.', { $ref: '#/components/schemas/VersieSamenvatting' }), ...writeErrors },
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
      { name: 'Amendementen', description: 'Voorstellen tot wijziging, met bespreking, beoordeling en besluit' },
      { name: 'Accounts', description: 'Tokens, accounts en het auditlogboek' },
      { name: 'Organisaties', description: 'Gemeenten en andere organisaties' },
      { name: 'Onderschrijvingen', description: 'Onderschrijvingen van versies door organisaties, als open data en controleerbaar' },
    ],
    paths: Object.assign({}, paths, ...fragments.map((f) => f.paths)),
    components: {
      schemas: Object.assign({}, schemas, ...fragments.map((f) => f.schemas)),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token van POST /tokens.' },
        sessie: { type: 'apiKey', in: 'cookie', name: 'sessie', description: 'Sessiecookie van de website; schrijven vraagt dan ook de kop X-CSRF-Token.' },
      },
    },
  };
}
