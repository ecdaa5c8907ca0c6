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
      status: {
        type: 'string',
        enum: ['concept', 'gepubliceerd', 'ter-vaststelling', 'vastgesteld', 'historisch', 'amendement'],
        description: '`historisch`: een commit die ooit het concept was; `amendement`: een commit van een amendementtak die nooit het concept was.',
      },
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
      auteur: {
        type: 'object',
        description: 'Wie de wijziging maakte. Het e-mailadres is nooit het eigen adres van de persoon maar een vast, niet-persoonlijk adres per account (`<account>@gebruikers.principes.invalid`).',
        properties: { naam: { type: 'string' }, email: { type: 'string' } },
      },
      vastgelegdDoor: {
        type: 'object',
        description: 'Wie de commit vastlegde (git: committer); bij een overgenomen amendement de secretaris die besloot.',
        properties: { naam: { type: 'string' }, email: { type: 'string' } },
      },
      tijdstip: time,
      samenvatting: { type: 'string' },
      bericht: { type: 'string' },
    },
  },
  GeschiedenisItem: {
    description: 'Een commit in de geschiedenis, met wat hij was.',
    allOf: [
      { $ref: '#/components/schemas/Commit' },
      {
        type: 'object',
        required: ['soort', 'versies', 'amendement'],
        properties: {
          soort: {
            type: 'string',
            enum: ['wijziging', 'besluit', 'amendement'],
            description:
              '`wijziging`: een stand van het concept. `besluit`: het besluit van de secretaris om amendement `amendement.nummer` over te nemen (een samenvoeging op het concept; besloten door `vastgelegdDoor`, ingediend door `auteur`). `amendement`: een commit van een amendementtak (voorstel, revisie, bijwerken) die nooit het concept was.',
          },
          versies: { type: 'array', items: { type: 'string' }, description: 'Versies die op deze commit benoemd zijn.' },
          amendement: {
            type: ['object', 'null'],
            description: 'Het amendement waar de commit bij hoort (null bij een wijziging, of als de gegevens ontbreken).',
            required: ['nummer', 'titel', 'status', 'indiener', 'besluit'],
            properties: {
              nummer: { type: 'integer' },
              titel: { type: 'string' },
              status: { type: 'string', enum: ['ingediend', 'overgenomen', 'verworpen', 'ingetrokken'] },
              indiener: { $ref: '#/components/schemas/GeschiedenisPartij' },
              besluit: {
                type: ['object', 'null'],
                properties: {
                  besluit: { type: 'string', enum: ['overgenomen', 'verworpen', 'ingetrokken'] },
                  door: { $ref: '#/components/schemas/GeschiedenisPartij' },
                  tijdstip: time,
                  commit: oid,
                },
              },
            },
          },
        },
      },
    ],
  },
  GeschiedenisPartij: {
    type: 'object',
    required: ['naam', 'organisatie'],
    properties: {
      naam: { type: 'string' },
      organisatie: {
        type: ['object', 'null'],
        required: ['code', 'naam'],
        properties: { code: { type: 'string' }, naam: { type: 'string' } },
      },
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
      description:
        'De naam is het volgende nummer na de nieuwste versie: de volgende minor of de volgende major (na 1.3: 1.4 of 2.0; anders 400 op `naam`). ' +
        'Een concept dat gelijk is aan de nieuwste versie (dezelfde tree) kan niet worden benoemd: 409.',
      tags: ['Versies'],
      security: bearerSecurity,
      parameters: [documentParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['naam', 'toelichting'],
        properties: {
          naam: { type: 'string', pattern: '^\\d{1,4}\\.\\d{1,4}$', examples: ['1.1'], description: 'Het volgende nummer na de nieuwste versie (volgende minor of major).' },
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
        queryParam('bestand', 'Alleen commits die dit bestand wijzigen, precies zoals `git log main -- <bestand>` (met de vereenvoudiging van git: een samenvoeging die het bestand van één ouder overneemt, wordt overgeslagen en alleen die ouder wordt gevolgd).', { type: 'string' }),
        queryParam(
          'weergave',
          '`concept`: de eigen lijn van het concept (`git log --first-parent main`): elke stand die het concept had, met elk overgenomen amendement als één besluit van de secretaris. `alles`: ook de commits van de amendementtakken (`git log main`). Standaard `concept`, met `bestand` standaard `alles`.',
          { type: 'string', enum: ['concept', 'alles'] },
        ),
      ],
      responses: ok('Een pagina commits, nieuwste eerst, in de volgorde van git log.', {
        type: 'object',
        required: ['items', 'volgende', 'weergave'],
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/GeschiedenisItem' } },
          volgende: { type: ['string', 'null'], description: 'Cursor voor de volgende pagina, of null.' },
          weergave: { type: 'string', enum: ['concept', 'alles'], description: 'De gebruikte weergave.' },
        },
      }),
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
