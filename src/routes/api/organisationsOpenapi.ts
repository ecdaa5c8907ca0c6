/** OpenAPI description of the register of organisations (merged into openapi.json by openapi.ts). */
import { ADDED_BY_ADMIN_SOURCE, MAX_ORGANISATION_NAME_LENGTH } from '../../commands/organisations/addOrganisation.js';
import { ADDABLE_ORGANISATION_TYPES } from '../../domain/organisationRules.js';
import { ORGANISATION_TYPES } from '../../domain/roles.js';
import { DEFAULT_PAGE_SIZE, MAX_SEARCH_LENGTH, ORGANISATION_CODE_PATTERN } from '../../queries/organisationQueries.js';
import { bearerSecurity, created, jsonBody, list, ok, pathParam, problem, queryParam, writeErrors, type OpenApiFragment } from './openapiParts.js';

const ORGANISATIE = '#/components/schemas/Organisatie';

const codeParam = pathParam('code', 'De code van de organisatie: de CBS-code voor gemeenten (`GM0363`), anders bijv. `BE-ANTWERPEN` of `VNG`.', {
  type: 'string',
  pattern: ORGANISATION_CODE_PATTERN,
  examples: ['GM0363'],
});

export const organisationsOpenapi: OpenApiFragment = {
  paths: {
    '/organisaties': {
      get: {
        operationId: 'listOrganisaties',
        summary: 'Organisaties: gemeenten en andere organisaties, op naam gesorteerd',
        description:
          'Alle gemeenten van de CBS-gebiedsindeling 2025 (bron: CBS / PDOK) en andere organisaties, zoals provincies, ' +
          'waterschappen en buitenlandse gemeenten. Gesorteerd op naam (Nederlandse sortering; een voorloop `\'s-` of `\'t ` telt niet mee).',
        tags: ['Organisaties'],
        parameters: [
          queryParam('type', 'Alleen organisaties van dit type.', { type: 'string', enum: [...ORGANISATION_TYPES] }),
          queryParam('zoek', 'Zoek in naam en code, ongevoelig voor hoofdletters, accenten en leestekens (`sudwest` vindt Súdwest-Fryslân).', {
            type: 'string',
            maxLength: MAX_SEARCH_LENGTH,
          }),
          queryParam('limit', 'Aantal per pagina (1 tot 100).', { type: 'integer', minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE }),
          queryParam('cursor', 'De `volgende` van de vorige pagina.', { type: 'string' }),
        ],
        responses: { ...ok('Een pagina organisaties.', list(ORGANISATIE)), '404': problem('Onbekend pad.') },
      },
      post: {
        operationId: 'createOrganisatie',
        summary: 'Een organisatie toevoegen: provincie, waterschap, buitenlandse gemeente of overig (beheerder)',
        description:
          `De nieuwe organisatie krijgt als bron "${ADDED_BY_ADMIN_SOURCE}". Gemeenten komen alleen uit de CBS-gebiedsindeling ` +
          'en staan al in het register: type `gemeente` wordt geweigerd (400, of 409 als de code al bestaat). ' +
          'Een code die al bestaat geeft 409; een code als `GM0363` is voorbehouden aan CBS-gemeenten.',
        tags: ['Organisaties'],
        security: bearerSecurity,
        requestBody: jsonBody({ $ref: '#/components/schemas/NieuweOrganisatie' }),
        responses: { ...created('De nieuwe organisatie.', { $ref: ORGANISATIE }), ...writeErrors },
      },
    },
    '/organisaties/{code}': {
      get: {
        operationId: 'getOrganisatie',
        summary: 'Eén organisatie',
        tags: ['Organisaties'],
        parameters: [codeParam],
        responses: { ...ok('De organisatie.', { $ref: ORGANISATIE }), '404': problem('Er is geen organisatie met deze code.') },
      },
      patch: {
        operationId: 'updateOrganisatie',
        summary: 'De naam of het type van een organisatie wijzigen (beheerder)',
        description: 'Niet voor gemeenten uit de CBS-gebiedsindeling (409); het type `gemeente` kan niet worden gekozen (400).',
        tags: ['Organisaties'],
        security: bearerSecurity,
        parameters: [codeParam],
        requestBody: jsonBody({ $ref: '#/components/schemas/OrganisatieWijziging' }),
        responses: { ...ok('De gewijzigde organisatie.', { $ref: ORGANISATIE }), ...writeErrors },
      },
    },
  },
  schemas: {
    Organisatie: {
      type: 'object',
      description: 'Een gemeente of een andere organisatie die de principes kan onderschrijven.',
      required: ['code', 'naam', 'type'],
      properties: {
        code: {
          type: 'string',
          pattern: ORGANISATION_CODE_PATTERN,
          description: 'CBS-code voor gemeenten, anders een code die de beheerder geeft.',
          examples: ['GM0363'],
        },
        naam: { type: 'string', description: 'De officiële naam.', examples: ['Amsterdam'] },
        type: { type: 'string', enum: [...ORGANISATION_TYPES] },
        bron: { type: 'string', description: 'Waar de gegevens vandaan komen.', examples: ['CBS gebiedsindeling 2025'] },
        onderschrijvingen: {
          type: 'array',
          description: 'Alleen bij één organisatie (`GET /organisaties/{code}`): haar onderschrijvingen, oudste eerst, ook ingetrokken.',
          items: { $ref: '#/components/schemas/Onderschrijving' },
        },
      },
    },
    NieuweOrganisatie: {
      type: 'object',
      required: ['code', 'naam', 'type'],
      properties: {
        code: { type: 'string', pattern: ORGANISATION_CODE_PATTERN, description: 'Uniek; 2 tot 20 hoofdletters, cijfers of streepjes.', examples: ['PV27'] },
        naam: { type: 'string', minLength: 1, maxLength: MAX_ORGANISATION_NAME_LENGTH, examples: ['Provincie Noord-Holland'] },
        type: { type: 'string', enum: [...ADDABLE_ORGANISATION_TYPES] },
      },
    },
    OrganisatieWijziging: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        naam: { type: 'string', minLength: 1, maxLength: MAX_ORGANISATION_NAME_LENGTH },
        type: { type: 'string', enum: [...ADDABLE_ORGANISATION_TYPES] },
      },
    },
  },
};
