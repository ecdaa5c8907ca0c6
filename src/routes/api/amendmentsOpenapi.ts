/** OpenAPI paths and schemas for amendments. */
import { AMENDMENT_STATUSES } from '../../domain/amendmentModel.js';
import { bearerSecurity, created, documentParam, jsonBody, list, ok, pathParam, queryParam, writeErrors, type Json, type OpenApiFragment } from './openapiParts.js';

const nummer = pathParam('nummer', 'Het nummer van het amendement.', { type: 'integer', minimum: 1 });
const revisie = { type: 'string', pattern: '^[0-9a-f]{40}$' };
const party = { type: 'object', properties: { naam: { type: 'string' }, organisatie: { oneOf: [{ type: 'null' }, { type: 'object', properties: { code: { type: 'string' }, naam: { type: 'string' } } }] } } };
const detailRef = { $ref: '#/components/schemas/Amendement' };

function write(operationId: string, summary: string, body: Json | undefined, response: Json, status: 200 | 201 = 201): Json {
  return {
    operationId,
    summary,
    tags: ['Amendementen'],
    security: bearerSecurity,
    parameters: [documentParam, nummer],
    ...(body ? { requestBody: jsonBody(body) } : {}),
    responses: { ...(status === 201 ? created(summary, response) : ok(summary, response)), ...writeErrors },
  };
}

const principeEdit = {
  type: 'object',
  required: ['bestand', 'tekst'],
  properties: {
    bestand: { type: 'string', examples: ['03-open-en-bekende-technologie.md'] },
    tekst: { type: ['string', 'null'], description: 'De hele Markdown van het principe (eerste regel `# titel`), of null om het te verwijderen. Een nieuw bestand voegt een principe toe.' },
  },
};

export const amendmentsOpenapi: OpenApiFragment = {
  paths: {
    '/documenten/{document}/amendementen': {
      get: {
        operationId: 'listAmendementen',
        summary: 'Amendementen, nieuwste eerst',
        tags: ['Amendementen'],
        parameters: [
          documentParam,
          queryParam('status', 'Alleen amendementen met deze status.', { type: 'string', enum: [...AMENDMENT_STATUSES] }),
          queryParam('bestand', 'Alleen amendementen die dit principe wijzigen.', { type: 'string' }),
          queryParam('limit', 'Aantal per pagina (1 tot 100).', { type: 'integer', minimum: 1, maximum: 100 }),
          queryParam('cursor', 'De `volgende` van de vorige pagina.', { type: 'string' }),
        ],
        responses: ok('De amendementen.', list('#/components/schemas/AmendementSamenvatting')),
      },
      post: {
        operationId: 'createAmendement',
        summary: 'Een amendement indienen (werkgroeplid, vertegenwoordiger)',
        tags: ['Amendementen'],
        security: bearerSecurity,
        parameters: [documentParam],
        requestBody: jsonBody({
          type: 'object',
          required: ['titel', 'toelichting', 'principes'],
          properties: {
            titel: { type: 'string', maxLength: 200 },
            toelichting: { type: 'string' },
            basis: { type: 'string', description: '`concept` (standaard) of een commit van het concept.' },
            principes: { type: 'array', items: principeEdit },
            namens: {
              type: 'string',
              enum: ['organisatie', 'persoon'],
              description: 'Namens de eigen organisatie (standaard als u bij een organisatie hoort) of alleen namens uzelf (alleen een werkgroeplid).',
            },
          },
        }),
        responses: { ...created('Het nieuwe amendement.', detailRef), ...writeErrors },
      },
    },
    '/documenten/{document}/amendementen/{nummer}': {
      get: {
        operationId: 'getAmendement',
        summary: 'Eén amendement met zijn wijziging, samenvoegbaarheid, beoordelingen en reacties',
        tags: ['Amendementen'],
        parameters: [documentParam, nummer],
        responses: ok('Het amendement.', detailRef),
      },
    },
    '/documenten/{document}/amendementen/{nummer}/revisies': {
      get: {
        operationId: 'listRevisies',
        summary: 'De revisies van een amendement, oudste eerst',
        tags: ['Amendementen'],
        parameters: [documentParam, nummer],
        responses: ok('De revisies.', { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, volgende: { type: ['string', 'null'] } } }),
      },
      post: write(
        'createRevisie',
        'Nieuwe tekst (`principes` + `verwachteRevisie`), of bijwerken naar het huidige concept (alleen `verwachteRevisie`)',
        {
          type: 'object',
          required: ['verwachteRevisie'],
          properties: { principes: { type: 'array', items: principeEdit }, verwachteRevisie: revisie, opConcept: { type: 'boolean', description: 'De tekst is geschreven tegen het huidige concept (conflicten opgelost).' }, verwachtConcept: { ...revisie, description: 'Bij opConcept: het concept waartegen de tekst is geschreven; 409 als het intussen veranderde.' } },
        },
        detailRef,
      ),
    },
    '/documenten/{document}/amendementen/{nummer}/vergelijking': {
      get: {
        operationId: 'getRevisieVergelijking',
        summary: 'De wijziging tussen twee revisies van een amendement',
        tags: ['Amendementen'],
        parameters: [
          documentParam,
          nummer,
          queryParam('van', 'Een revisie (commit).', { type: 'string' }, true),
          queryParam('naar', 'Een revisie (commit).', { type: 'string' }, true),
        ],
        responses: ok('De vergelijking.', { type: 'object' }),
      },
    },
    '/documenten/{document}/amendementen/{nummer}/mede-indieners': {
      post: write('createMedeIndiener', 'Mede indienen namens de eigen organisatie', undefined, detailRef),
    },
    '/documenten/{document}/amendementen/{nummer}/mede-indieners/intrekking': {
      post: write('withdrawMedeIndiener', 'De mede-indiening van de eigen organisatie intrekken', undefined, detailRef, 200),
    },
    '/documenten/{document}/amendementen/{nummer}/reacties': {
      post: write(
        'createReactie',
        'Een reactie, eventueel bij één zin',
        { type: 'object', required: ['tekst'], properties: { tekst: { type: 'string' }, anker: { type: ['object', 'null'], properties: { bestand: { type: 'string' }, zin: { type: 'string' } } } } },
        { type: 'object' },
      ),
    },
    '/documenten/{document}/amendementen/{nummer}/beoordelingen': {
      post: write(
        'createBeoordeling',
        'Een beoordeling van de huidige revisie (werkgroeplid)',
        { type: 'object', required: ['oordeel', 'toelichting'], properties: { oordeel: { type: 'string', enum: ['akkoord', 'wijzigen'] }, toelichting: { type: 'string' }, revisie } },
        detailRef,
      ),
    },
    '/documenten/{document}/amendementen/{nummer}/besluit': {
      post: write(
        'createBesluit',
        'Besluit van de secretaris: overnemen (samenvoegen) of verwerpen; niet over een amendement dat de secretaris zelf (mede) indiende (403)',
        { type: 'object', required: ['besluit', 'reden'], properties: { besluit: { type: 'string', enum: ['overnemen', 'verwerpen'] }, reden: { type: 'string' }, verwachteRevisie: revisie } },
        detailRef,
        200,
      ),
    },
    '/documenten/{document}/amendementen/{nummer}/intrekking': {
      post: write('withdrawAmendement', 'De indiener trekt het amendement in', { type: 'object', required: ['reden'], properties: { reden: { type: 'string' } } }, detailRef, 200),
    },
  },
  schemas: {
    AmendementSamenvatting: {
      type: 'object',
      required: ['nummer', 'titel', 'toelichting', 'status', 'basis', 'revisie', 'indiener', 'medeIndieners', 'beoordelingen'],
      properties: {
        document: { type: 'string' },
        nummer: { type: 'integer' },
        titel: { type: 'string' },
        toelichting: { type: 'string' },
        status: { type: 'string', enum: [...AMENDMENT_STATUSES] },
        basis: revisie,
        revisie,
        tak: { type: 'string', examples: ['amendementen/3'] },
        indiener: party,
        medeIndieners: { type: 'array', items: { type: 'object' } },
        beoordelingen: { type: 'array', items: { type: 'object' } },
        samenvoegbaar: { type: 'boolean' },
        besluit: { type: ['object', 'null'] },
      },
    },
    Amendement: {
      allOf: [
        { $ref: '#/components/schemas/AmendementSamenvatting' },
        {
          type: 'object',
          properties: {
            conflicten: { type: 'array', items: { type: 'object' } },
            raaktOok: { type: 'array', items: { type: 'integer' } },
            revisies: { type: 'array', items: { type: 'object' } },
            reacties: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'door', 'tekst', 'anker', 'verouderd', 'tijdstip'],
                properties: {
                  id: { type: 'string' },
                  door: party,
                  tekst: { type: 'string' },
                  anker: {
                    type: ['object', 'null'],
                    description: 'De zin (de regel zoals hij toen luidde) in een principebestand van de revisie waarop gereageerd is.',
                    properties: { bestand: { type: 'string' }, zin: { type: 'string' }, revisie: { type: 'string', pattern: '^[0-9a-f]{40}$' } },
                  },
                  verouderd: { type: 'boolean', description: 'De reactie hoort bij een zin die in de huidige revisie niet meer voorkomt (de zin staat in `anker.zin`).' },
                  tijdstip: { type: 'string', format: 'date-time' },
                },
              },
            },
            wijziging: { type: 'object' },
          },
        },
      ],
    },
  },
};
