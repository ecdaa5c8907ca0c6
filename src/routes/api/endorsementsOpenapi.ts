/** OpenAPI paths and schemas for endorsements (merged into openapi.json by openapi.ts). */
import { DECIDING_BODIES } from '../../domain/endorsementModel.js';
import { ORGANISATION_CODE_PATTERN } from '../../queries/organisationQueries.js';
import { bearerSecurity, created, documentParam, jsonBody, ok, oid, pathParam, problem, queryParam, time, versionParam, writeErrors, type Json, type OpenApiFragment } from './openapiParts.js';

const ONDERSCHRIJVING = '#/components/schemas/Onderschrijving';
const idParam = pathParam('id', 'De id van de onderschrijving, bijv. `ond_3kT9x0aQbZ1m`.', { type: 'string', pattern: '^ond_[A-Za-z0-9_-]{1,40}$' });
const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const nullableText = { type: ['string', 'null'] };

const csvDescription =
  'CSV volgens RFC 4180 (UTF-8, kopregel, CRLF), één regel per onderschrijving met commit en tree. ' +
  'Cellen die met `=`, `+`, `-`, `@`, tab of CR beginnen krijgen een `\'` ervoor (geen formules in spreadsheets).';

export const endorsementsOpenapi: OpenApiFragment = {
  paths: {
    '/documenten/{document}/onderschrijvingen': {
      get: {
        operationId: 'listOnderschrijvingen',
        summary: 'Alle onderschrijvingen van een document, oudste eerst (JSON of CSV)',
        description:
          'Open data. JSON per pagina (`items`, `volgende`), of de hele (gefilterde) set als CSV met `?formaat=csv` of `Accept: text/csv`. ' +
          'Ingetrokken onderschrijvingen blijven zichtbaar met status `ingetrokken`.',
        tags: ['Onderschrijvingen'],
        parameters: [
          documentParam,
          queryParam('versie', 'Alleen onderschrijvingen van deze versie.', { type: 'string', pattern: '^v?\\d{1,4}\\.\\d{1,4}$', examples: ['1.0'] }),
          queryParam('organisatie', 'Alleen onderschrijvingen van deze organisatie (code).', { type: 'string', pattern: ORGANISATION_CODE_PATTERN }),
          queryParam('status', 'Alleen actieve of alleen ingetrokken onderschrijvingen.', { type: 'string', enum: ['actief', 'ingetrokken'] }),
          queryParam('formaat', '`csv` voor CSV (ook met `Accept: text/csv`), `json` (standaard).', { type: 'string', enum: ['json', 'csv'] }),
          queryParam('limit', 'Aantal per pagina (1 tot 100; alleen JSON).', { type: 'integer', minimum: 1, maximum: 100, default: 100 }),
          queryParam('cursor', 'De `volgende` van de vorige pagina.', { type: 'string' }),
        ],
        responses: ok(
          'De onderschrijvingen.',
          {
            type: 'object',
            required: ['items', 'volgende'],
            properties: { items: { type: 'array', items: { $ref: ONDERSCHRIJVING } }, volgende: { type: ['string', 'null'] } },
          },
          { 'text/csv': { schema: { type: 'string', description: csvDescription } } },
        ),
      },
    },
    '/documenten/{document}/onderschrijvingen/audit': {
      get: {
        operationId: 'getOnderschrijvingenAudit',
        summary: 'De controleerbare vastlegging: de hashketen van het auditlogboek met de vermeldingen over onderschrijvingen',
        description:
          'Voor elke vermelding in het auditlogboek `volgnummer`, `vorigeHash` en `hash`; de volledige inhoud alleen van de vermeldingen over ' +
          'onderschrijvingen (vastgelegd, ingetrokken) van dit document. Iedereen kan hun hashes herberekenen en de keten controleren: ' +
          '`npm run cli -- audit-verify --export BESTAND`.',
        tags: ['Onderschrijvingen'],
        parameters: [documentParam],
        responses: ok('De export.', { $ref: '#/components/schemas/OnderschrijvingenAudit' }),
      },
    },
    '/documenten/{document}/onderschrijvingen/{id}': {
      get: {
        operationId: 'getOnderschrijving',
        summary: 'Eén onderschrijving',
        tags: ['Onderschrijvingen'],
        parameters: [documentParam, idParam],
        responses: ok('De onderschrijving.', { $ref: ONDERSCHRIJVING }),
      },
    },
    '/documenten/{document}/onderschrijvingen/{id}/intrekking': {
      post: {
        operationId: 'withdrawOnderschrijving',
        summary: 'Een onderschrijving intrekken (vertegenwoordiger van de organisatie)',
        description: 'De onderschrijving blijft zichtbaar met status `ingetrokken` en de reden. Al ingetrokken: 409.',
        tags: ['Onderschrijvingen'],
        security: bearerSecurity,
        parameters: [documentParam, idParam],
        requestBody: jsonBody({ type: 'object', required: ['reden'], properties: { reden: { type: 'string', minLength: 1, maxLength: 10000 } } }),
        responses: { ...ok('De ingetrokken onderschrijving.', { $ref: ONDERSCHRIJVING }), ...writeErrors },
      },
    },
    '/documenten/{document}/versies/{versie}/onderschrijvingen': {
      post: {
        operationId: 'createOnderschrijving',
        summary: 'Een benoemde versie onderschrijven namens de eigen organisatie (vertegenwoordiger)',
        description:
          'Alleen voor de eigen organisatie (een andere `organisatie`: 403) en alleen een benoemde versie (`concept` of een commit: 409; ' +
          'onbekend: 404). Eén actieve onderschrijving per organisatie per versie (409). `besluit.datum` is JJJJ-MM-DD en niet na vandaag ' +
          '(Europe/Amsterdam); `besluit.url` alleen http(s).',
        tags: ['Onderschrijvingen'],
        security: bearerSecurity,
        parameters: [documentParam, versionParam],
        requestBody: jsonBody({ $ref: '#/components/schemas/NieuweOnderschrijving' }),
        responses: { ...created('De nieuwe onderschrijving.', { $ref: ONDERSCHRIJVING }), ...writeErrors, '404': problem('Onbekend document of onbekende versie.') },
      },
    },
  },
  schemas: {
    Onderschrijving: {
      type: 'object',
      description: 'De steun van een organisatie voor één exacte versie, vastgelegd met versienaam, commit en tree.',
      required: ['id', 'document', 'organisatie', 'versie', 'commit', 'tree', 'status', 'ondertekenaar', 'besluit', 'bron', 'vastgelegd', 'intrekking'],
      properties: {
        id: { type: 'string', examples: ['ond_3kT9x0aQbZ1m'] },
        document: { type: 'string' },
        organisatie: {
          type: 'object',
          required: ['code', 'naam'],
          properties: { code: { type: 'string' }, naam: { type: 'string' }, type: { type: 'string' } },
        },
        versie: { type: 'string', examples: ['1.0'] },
        commit: oid,
        tree: oid,
        status: { type: 'string', enum: ['actief', 'ingetrokken'] },
        ondertekenaar: {
          type: 'object',
          description: 'Null bij onderschrijvingen uit de VNG-ledenbrief (die noemt geen ondertekenaars).',
          properties: { naam: nullableText, functie: nullableText },
        },
        besluit: {
          type: 'object',
          properties: {
            orgaan: { type: ['string', 'null'], enum: [...DECIDING_BODIES, null] },
            datum: { type: ['string', 'null'], format: 'date' },
            kenmerk: nullableText,
            url: { type: ['string', 'null'], format: 'uri' },
          },
        },
        bron: { type: 'string', enum: ['ledenbrief', 'dienst'], description: '`ledenbrief`: uit de VNG-ledenbrief; `dienst`: in deze dienst vastgelegd.' },
        vastgelegd: time,
        intrekking: { type: ['object', 'null'], properties: { reden: { type: 'string' }, tijdstip: time } },
        opmerking: { type: 'string' },
      },
    },
    NieuweOnderschrijving: {
      type: 'object',
      required: ['ondertekenaar', 'besluit'],
      properties: {
        organisatie: { type: 'string', description: 'Optioneel; alleen de eigen organisatie (anders 403).' },
        ondertekenaar: {
          type: 'object',
          required: ['naam', 'functie'],
          properties: { naam: { type: 'string', maxLength: 200 }, functie: { type: 'string', maxLength: 200 } },
        },
        besluit: {
          type: 'object',
          required: ['orgaan', 'datum', 'kenmerk'],
          properties: {
            orgaan: { type: 'string', enum: [...DECIDING_BODIES] },
            datum: { type: 'string', format: 'date', description: 'JJJJ-MM-DD, niet na vandaag (Europe/Amsterdam).' },
            kenmerk: { type: 'string', maxLength: 200 },
            url: { type: ['string', 'null'], format: 'uri', description: 'Link naar het gepubliceerde besluit (http of https).' },
          },
        },
      },
    },
    OnderschrijvingenAudit: {
      type: 'object',
      required: ['document', 'kop', 'keten', 'vermeldingen'],
      properties: {
        document: { type: 'string' },
        kop: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$', description: 'De hash van de nieuwste vermelding.' },
        toelichting: { type: 'string' },
        keten: {
          type: 'array',
          items: { type: 'object', required: ['volgnummer', 'vorigeHash', 'hash'], properties: { volgnummer: { type: 'integer' }, vorigeHash: hash, hash } },
        },
        vermeldingen: {
          type: 'array',
          description: 'Volledige vermeldingen over onderschrijvingen: de hash is te herberekenen over de canonieke JSON zonder `hash`.',
          items: { type: 'object' } as Json,
        },
      },
    },
  },
};
