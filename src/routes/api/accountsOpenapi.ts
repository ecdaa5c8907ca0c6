/** OpenAPI paths and schemas for tokens, accounts and the audit log. */
import { ROLES } from '../../domain/roles.js';
import { bearerSecurity, created, errors, jsonBody, list, ok, pathParam, queryParam, versionHeader, writeErrors, type OpenApiFragment } from './openapiParts.js';

const idParam = (name: string, what: string) => pathParam(name, what, { type: 'string', pattern: '^[a-z]{3}_[A-Za-z0-9_-]{12}$' });
const pageParams = [
  queryParam('limit', 'Aantal per pagina (1 tot 100).', { type: 'integer', minimum: 1, maximum: 100 }),
  queryParam('cursor', 'De `volgende` van de vorige pagina.', { type: 'string' }),
];
const readErrors = { ...errors, '401': writeErrors['401'], '403': writeErrors['403'] };

export const accountsOpenapi: OpenApiFragment = {
  paths: {
    '/tokens': {
      post: {
        operationId: 'createToken',
        summary: 'Aanmelden voor programma’s: e-mailadres en wachtwoord geven een Bearer-token',
        description: 'Het token wordt één keer getoond en alleen als hash bewaard. Mislukte pogingen worden per account en per adres beperkt (429).',
        tags: ['Accounts'],
        requestBody: jsonBody({ $ref: '#/components/schemas/TokenAanvraag' }),
        responses: { ...created('Het nieuwe token.', { $ref: '#/components/schemas/NieuwToken' }), ...writeErrors },
      },
      get: {
        operationId: 'listTokens',
        summary: 'Mijn tokens (zonder de geheime waarde)',
        tags: ['Accounts'],
        security: bearerSecurity,
        responses: { ...ok('De tokens van de aangemelde gebruiker.', list('#/components/schemas/Token')), ...readErrors },
      },
    },
    '/tokens/{id}': {
      delete: {
        operationId: 'revokeToken',
        summary: 'Een eigen token intrekken',
        tags: ['Accounts'],
        security: bearerSecurity,
        parameters: [idParam('id', 'Het id van het token.')],
        responses: { '204': { description: 'Ingetrokken.', headers: versionHeader }, ...writeErrors },
      },
    },
    '/gebruikers': {
      get: {
        operationId: 'listGebruikers',
        summary: 'Alle accounts (beheerder)',
        tags: ['Accounts'],
        security: bearerSecurity,
        parameters: pageParams,
        responses: { ...ok('De accounts.', list('#/components/schemas/Gebruiker')), ...readErrors },
      },
      post: {
        operationId: 'createGebruiker',
        summary: 'Een account aanmaken (beheerder)',
        tags: ['Accounts'],
        security: bearerSecurity,
        requestBody: jsonBody({ $ref: '#/components/schemas/NieuweGebruiker' }),
        responses: { ...created('Het nieuwe account.', { $ref: '#/components/schemas/Gebruiker' }), ...writeErrors },
      },
    },
    '/gebruikers/{id}': {
      get: {
        operationId: 'getGebruiker',
        summary: 'Eén account (beheerder)',
        tags: ['Accounts'],
        security: bearerSecurity,
        parameters: [idParam('id', 'Het id van het account.')],
        responses: { ...ok('Het account.', { $ref: '#/components/schemas/Gebruiker' }), ...readErrors },
      },
      patch: {
        operationId: 'updateGebruiker',
        summary: 'Een account wijzigen of deactiveren (beheerder)',
        tags: ['Accounts'],
        security: bearerSecurity,
        parameters: [idParam('id', 'Het id van het account.')],
        requestBody: jsonBody({ $ref: '#/components/schemas/GebruikerWijziging' }),
        responses: { ...ok('Het gewijzigde account.', { $ref: '#/components/schemas/Gebruiker' }), ...writeErrors },
      },
    },
    '/audit': {
      get: {
        operationId: 'listAudit',
        summary: 'Het auditlogboek met hashketen (beheerder)',
        tags: ['Accounts'],
        security: bearerSecurity,
        parameters: pageParams,
        responses: {
          ...ok('Een pagina van het logboek, oudste eerst; `kop` is de hash van de nieuwste regel.', {
            type: 'object',
            required: ['items', 'volgende', 'kop'],
            properties: {
              items: { type: 'array', items: { $ref: '#/components/schemas/AuditRegel' } },
              volgende: { type: ['string', 'null'] },
              kop: { type: ['string', 'null'] },
            },
          }),
          ...readErrors,
        },
      },
    },
  },
  schemas: {
    TokenAanvraag: {
      type: 'object',
      required: ['email', 'wachtwoord'],
      properties: { email: { type: 'string', format: 'email' }, wachtwoord: { type: 'string' }, omschrijving: { type: 'string' } },
    },
    Token: {
      type: 'object',
      required: ['id', 'omschrijving', 'aangemaakt', 'verlooptOp', 'status'],
      properties: {
        id: { type: 'string' },
        omschrijving: { type: 'string' },
        aangemaakt: { type: 'string', format: 'date-time' },
        verlooptOp: { type: 'string', format: 'date-time' },
        status: { type: 'string', enum: ['actief', 'verlopen', 'ingetrokken'] },
      },
    },
    NieuwToken: {
      allOf: [{ $ref: '#/components/schemas/Token' }, { type: 'object', required: ['token'], properties: { token: { type: 'string' } } }],
    },
    Gebruiker: {
      type: 'object',
      required: ['id', 'naam', 'email', 'rol', 'organisatie', 'actief'],
      properties: {
        id: { type: 'string' },
        naam: { type: 'string' },
        email: { type: 'string', format: 'email' },
        rol: { type: 'string', enum: [...ROLES] },
        organisatie: { oneOf: [{ type: 'null' }, { type: 'object', properties: { code: { type: 'string' }, naam: { type: 'string' } } }] },
        actief: { type: 'boolean' },
        aangemaakt: { type: 'string', format: 'date-time' },
        gewijzigd: { type: 'string', format: 'date-time' },
      },
    },
    NieuweGebruiker: {
      type: 'object',
      required: ['naam', 'email', 'wachtwoord', 'rol'],
      properties: {
        naam: { type: 'string', maxLength: 200 },
        email: { type: 'string', format: 'email' },
        wachtwoord: { type: 'string', minLength: 12, maxLength: 200 },
        rol: { type: 'string', enum: [...ROLES] },
        organisatie: { type: ['string', 'null'], description: 'Code van de organisatie (verplicht voor een vertegenwoordiger).' },
      },
    },
    GebruikerWijziging: {
      type: 'object',
      additionalProperties: false,
      properties: {
        naam: { type: 'string', maxLength: 200 },
        email: { type: 'string', format: 'email' },
        wachtwoord: { type: 'string', minLength: 12, maxLength: 200 },
        rol: { type: 'string', enum: [...ROLES] },
        organisatie: { type: ['string', 'null'] },
        actief: { type: 'boolean' },
      },
    },
    AuditRegel: {
      type: 'object',
      required: ['volgnummer', 'tijdstip', 'actie', 'actor', 'object', 'vorigeHash', 'hash'],
      properties: {
        volgnummer: { type: 'integer' },
        tijdstip: { type: 'string', format: 'date-time' },
        actie: { type: 'string' },
        actor: { type: 'object', properties: { id: { type: 'string' }, naam: { type: 'string' }, rol: { type: 'string' }, organisatie: { type: 'string' } } },
        object: { type: 'object', properties: { soort: { type: 'string' }, id: { type: 'string' } } },
        gegevens: { type: 'object' },
        vorigeHash: { type: 'string', description: 'SHA-256 van de vorige regel (64 nullen voor de eerste).' },
        hash: { type: 'string', description: 'SHA-256 van deze regel (canonieke JSON zonder `hash`).' },
      },
    },
  },
};
