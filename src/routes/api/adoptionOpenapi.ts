/** OpenAPI paths and schemas for the ALV adoption of a version (merged into openapi.json by openapi.ts). */
import { ADOPTION_OUTCOMES, OUTCOMES_WITHOUT_VOTE } from '../../domain/versionStatus.js';
import { MEDIA_TYPE } from '../../presenters/adoption/text.js';
import { API_VERSION, bearerSecurity, created, documentParam, errors, jsonBody, ok, pathParam, queryParam, time, writeErrors, type Json, type OpenApiFragment } from './openapiParts.js';

const STATE = { $ref: '#/components/schemas/VersieAlvToestand' };
const namedVersion = pathParam('versie', 'Een benoemde versie, bijv. `1.0`.', { type: 'string', pattern: '^v?\\d{1,4}\\.\\d{1,4}$' });
const date = { type: 'string', format: 'date', examples: ['2026-06-12'] };
const percent = { type: 'number', minimum: 0, maximum: 100 };
const percentages = {
  type: 'object',
  required: ['voor', 'tegen', 'onthouding'],
  description: 'Gewogen stemverhouding in procenten; samen hoogstens 100.',
  properties: { voor: percent, tegen: percent, onthouding: percent },
};

function write(method: 'post' | 'put', operationId: string, summary: string, description: string, body: Json, status: 200 | 201): Json {
  return {
    [method]: {
      operationId,
      summary,
      description,
      tags: ['Versies'],
      security: bearerSecurity,
      parameters: [documentParam, namedVersion],
      requestBody: jsonBody(body),
      responses: { ...(status === 201 ? created(summary, STATE) : ok(summary, STATE)), ...writeErrors },
    },
  };
}

const binary = (what: string) => ({ type: 'string', description: what });

export const adoptionOpenapi: OpenApiFragment = {
  paths: {
    '/documenten/{document}/versies/{versie}/vaststellingsstuk': {
      get: {
        operationId: 'getVaststellingsstuk',
        summary: 'Het vaststellingsstuk van een versie voor de ALV (Markdown, HTML of Word)',
        description:
          'Voorstel tot besluit, de volledige tekst, de wijzigingen ten opzichte van de laatst vastgestelde versie vóór deze (in Word als bijgehouden wijzigingen, ' +
          'in HTML als `<ins>`/`<del>`, in Markdown als CriticMarkup; elk ingevoegd of verwijderd woord op naam van het amendement dat het wijzigde, ' +
          'of van wie het zonder amendement in het concept vastlegde), de amendementen sindsdien, de onderschrijvers en controlegegevens. ' +
          'Tekst van gebruikers staat in de Markdown als gewone tekst (nooit als HTML, link of afbeelding); het HTML-bestand laadt niets van elders. ' +
          'Dezelfde registratie geeft byte voor byte hetzelfde bestand: de datum van aanmaak komt uit de registratie, niet van de klok.',
        tags: ['Versies'],
        parameters: [documentParam, namedVersion, queryParam('formaat', 'Het formaat: `md` (standaard), `html` of `docx`.', { type: 'string', enum: ['md', 'html', 'docx'], default: 'md' })],
        responses: {
          '200': {
            description: 'Het vaststellingsstuk.',
            headers: {
              'API-Version': { description: 'De volledige versie van de API.', schema: { type: 'string', example: API_VERSION } },
              'Content-Disposition': { description: 'De bestandsnaam, bijv. `vaststellingsstuk-digitale-stad-1.1.docx`.', schema: { type: 'string' } },
            },
            content: {
              [MEDIA_TYPE.md.split(';')[0] ?? 'text/markdown']: { schema: binary('Markdown (UTF-8) met CriticMarkup.') },
              [MEDIA_TYPE.html.split(';')[0] ?? 'text/html']: { schema: binary('Eén zelfstandig HTML-bestand, afdrukbaar op A4, dat niets van elders laadt.') },
              [MEDIA_TYPE.docx]: { schema: { type: 'string', contentMediaType: MEDIA_TYPE.docx, description: 'Een Word-bestand (DOCX).' } },
            },
          },
          ...errors,
        },
      },
    },
    '/documenten/{document}/versies/{versie}/agendering': write(
      'post',
      'agendeerVersie',
      'Een versie ter vaststelling agenderen voor de ALV (secretaris)',
      'De status wordt `ter-vaststelling`. Opnieuw agenderen voor het besluit verzet de datum. 409 voor een vastgestelde versie (of als een nieuwere al is vastgesteld).',
      { type: 'object', required: ['alvDatum'], properties: { alvDatum: { ...date, description: 'De datum van de ALV.' } } },
      200,
    ),
    '/documenten/{document}/versies/{versie}/besluittekst': write(
      'put',
      'zetBesluittekst',
      'De toelichting bij het voorgestelde besluit vervangen (secretaris)',
      'De tekst na de vaste besluitzin “De Algemene Ledenvergadering van de VNG besluit de <titel>, versie <x>, vast te stellen.”; leeg geeft weer de standaardtoelichting. 409 na vaststelling.',
      { type: 'object', required: ['tekst'], properties: { tekst: { type: 'string', maxLength: 5000, description: 'Gewone tekst; een lege regel begint een nieuwe alinea.' } } },
      200,
    ),
    '/documenten/{document}/versies/{versie}/vaststelling': write(
      'post',
      'legVaststellingVast',
      'Het besluit van de ALV over een versie vastleggen (secretaris)',
      'Alleen voor een versie die ter vaststelling staat (anders 409; ook een tweede besluit is 409). Een aangenomen-uitkomst maakt de versie `vastgesteld`: ' +
        'haar tag wordt nooit verplaatst of verwijderd en zij wordt de basis van het volgende vaststellingsstuk. Verworpen of aangehouden: de versie kan later opnieuw worden geagendeerd.',
      {
        type: 'object',
        required: ['datum', 'uitkomst', 'kenmerk'],
        properties: {
          datum: { ...date, description: 'De datum van het besluit.' },
          uitkomst: { type: 'string', enum: [...ADOPTION_OUTCOMES] },
          percentages: { oneOf: [{ type: 'null' }, percentages], description: `Verplicht, behalve bij ${OUTCOMES_WITHOUT_VOTE.map((o) => `\`${o}\``).join(' en ')} (zonder stemming): dan mag het null zijn.` },
          kenmerk: { type: 'string', maxLength: 200, description: 'Het kenmerk van het besluit.' },
        },
      },
      201,
    ),
  },
  schemas: {
    VersieAlv: {
      type: 'object',
      description: 'De ALV-gegevens van een benoemde versie.',
      required: ['alvDatum', 'besluittekst', 'besluiten'],
      properties: {
        alvDatum: { type: ['string', 'null'], format: 'date', description: 'De ALV waarvoor de versie nu geagendeerd is, of null.' },
        besluittekst: { type: ['string', 'null'], description: 'De toelichting van de secretaris, of null voor de standaardtoelichting.' },
        besluiten: {
          type: 'array',
          description: 'De besluiten van de ALV over deze versie, oudste eerst.',
          items: {
            type: 'object',
            required: ['alvDatum', 'datum', 'uitkomst', 'percentages', 'kenmerk', 'tijdstip'],
            properties: {
              alvDatum: date,
              datum: date,
              uitkomst: { type: 'string', enum: [...ADOPTION_OUTCOMES] },
              percentages: { oneOf: [{ type: 'null' }, percentages] },
              kenmerk: { type: 'string' },
              tijdstip: time,
            },
          },
        },
      },
    },
    VersieAlvToestand: {
      type: 'object',
      required: ['document', 'versie', 'status', 'alvDatum', 'besluittekst', 'besluiten'],
      properties: {
        document: { type: 'string' },
        versie: { type: 'string', examples: ['1.1'] },
        status: { type: 'string', enum: ['gepubliceerd', 'ter-vaststelling', 'vastgesteld'] },
        alvDatum: { type: ['string', 'null'], format: 'date' },
        besluittekst: { type: ['string', 'null'] },
        besluiten: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};
