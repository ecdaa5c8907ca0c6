/** OpenAPI description of the register of organisations (merged into openapi.json by openapi.ts). */
import { ORGANISATION_TYPES } from '../../domain/roles.js';
import { DEFAULT_PAGE_SIZE, MAX_SEARCH_LENGTH, ORGANISATION_CODE_PATTERN } from '../../queries/organisationQueries.js';
import { list, ok, pathParam, problem, queryParam, type OpenApiFragment } from './openapiParts.js';

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
    },
    '/organisaties/{code}': {
      get: {
        operationId: 'getOrganisatie',
        summary: 'Eén organisatie',
        tags: ['Organisaties'],
        parameters: [codeParam],
        responses: { ...ok('De organisatie.', { $ref: ORGANISATIE }), '404': problem('Er is geen organisatie met deze code.') },
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
      },
    },
  },
};
