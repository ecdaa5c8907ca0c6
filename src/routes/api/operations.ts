/**
 * The operations of /api/v1: one row per method and path, naming the schemas (src/schemas) of its
 * parameters, body and answer. This table and the head of the document in openapi.ts are the only
 * hand-written parts of openapi.json; every schema in it is generated from the zod schemas the routes
 * validate with. A test compares the description with the routes (tests/api/openapiLint.test.ts) and
 * with the hand-written description it replaced (tests/api/openapiShapes.test.ts).
 */
import { z } from 'zod';
import { ADDED_BY_ADMIN_SOURCE } from '../../commands/organisations/addOrganisation.js';
import { MEDIA_TYPE } from '../../presenters/adoption/text.js';
import { newTokenAnswerSchema, recordId, tokenListSchema, tokenRequestSchema, newUserSchema, userChangesSchema, userListQuerySchema, userListSchema, userSchema } from '../../schemas/accounts.js';
import { adoptionSchema, decisionTextSchema, formatQuery, scheduleSchema, versionStateSchema } from '../../schemas/adoption.js';
import {
  amendmentListSchema,
  amendmentNumberSchema,
  amendmentSchema,
  commentSchema,
  decisionSchema,
  listQuerySchema,
  newCommentSchema,
  proposeSchema,
  revisionBodySchema,
  revisionCompareQuerySchema,
  revisionComparisonSchema,
  revisionListSchema,
  reviewSchema,
  withdrawSchema,
} from '../../schemas/amendments.js';
import { auditPageSchema, auditQuerySchema, endorsementAuditExportSchema } from '../../schemas/audit.js';
import { documentSlug, listOf, refSchema, VERSION_NAME } from '../../schemas/common.js';
import {
  commitSchema,
  compareQuerySchema,
  comparisonSchema,
  documentListSchema,
  documentSchema,
  historyPageSchema,
  historyQuerySchema,
  nameVersionSchema,
  versionListSchema,
  versionSchema,
  versionSummarySchema,
} from '../../schemas/documents.js';
import { endorseSchema, endorsementId, endorsementListSchema, endorsementListQuerySchema, endorsementSchema, withdrawEndorsementSchema } from '../../schemas/endorsements.js';
import { newOrganisationSchema, organisationChangesSchema, organisationCode, organisationListQuerySchema, organisationSchema } from '../../schemas/organisations.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Tag = 'API' | 'Documenten' | 'Versies' | 'Amendementen' | 'Accounts' | 'Organisaties' | 'Onderschrijvingen';

/** A path parameter: its name in the path and its schema (with its description in `.meta`). */
export interface PathParameter {
  name: string;
  schema: z.ZodType;
}

export interface Answer {
  status: 200 | 201 | 204;
  description: string;
  /** The JSON body (none for 204). */
  schema?: z.ZodType;
  /** Other media types than JSON, each with its schema. */
  media?: Record<string, z.ZodType>;
  /** Headers besides API-Version (and Location, which every 201 has): name -> description. */
  headers?: Record<string, string>;
}

/**
 * The error answers: `read` for public reads (400, 404, 429, 500), `signedIn` for reads that need an
 * account (also 401, 403), `write` for writes (also 409, 413, 415). `texts` replaces the text of a code.
 */
export interface Errors {
  kind: 'read' | 'signedIn' | 'write';
  texts?: Partial<Record<string, string>>;
}

export interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** A session or a bearer token is needed. */
  signedIn?: true;
  params?: PathParameter[];
  query?: z.ZodObject;
  body?: z.ZodType;
  answer: Answer;
  errors: Errors;
}

const param = (name: string, schema: z.ZodType, description: string): PathParameter => ({ name, schema: schema.meta({ description }) });

const document = param('document', documentSlug, 'De naam van het document, bijv. `digitale-stad`.');
const version = param('versie', refSchema, 'Een versienaam (`1.0`), `concept` voor het concept, of een commit-id.');
const namedVersion = param('versie', z.string().regex(VERSION_NAME), 'Een benoemde versie, bijv. `1.0`.');
const nummer = param('nummer', amendmentNumberSchema, 'Het nummer van het amendement.');
const endorsement = param('id', endorsementId, 'De id van de onderschrijving, bijv. `ond_3kT9x0aQbZ1m`.');
const code = param('code', organisationCode, 'De code van de organisatie: de CBS-code voor gemeenten (`GM0363`), anders bijv. `BE-ANTWERPEN` of `VNG`.');

const read = { kind: 'read' } as const;
const write = { kind: 'write' } as const;
const signedIn = { kind: 'signedIn' } as const;

/** An amendment verb: its body (if any) and the amendment as it is afterwards. */
function amendmentVerb(path: string, operationId: string, summary: string, body: z.ZodType | undefined, status: 200 | 201, schema: z.ZodType = amendmentSchema): Operation {
  return {
    method: 'post',
    path: `/documenten/{document}/amendementen/{nummer}${path}`,
    operationId,
    summary,
    tag: 'Amendementen',
    signedIn: true,
    params: [document, nummer],
    ...(body ? { body } : {}),
    answer: { status, description: summary, schema },
    errors: write,
  };
}

/** A write to the ALV record of a named version; the answer is the version's ALV state. */
function adoptionVerb(method: 'post' | 'put', path: string, operationId: string, summary: string, description: string, body: z.ZodType, status: 200 | 201): Operation {
  return {
    method,
    path: `/documenten/{document}/versies/{versie}${path}`,
    operationId,
    summary,
    description,
    tag: 'Versies',
    signedIn: true,
    params: [document, namedVersion],
    body,
    answer: { status, description: summary, schema: versionStateSchema },
    errors: write,
  };
}

const csvDescription =
  'CSV volgens RFC 4180 (UTF-8, kopregel, CRLF), één regel per onderschrijving met commit en tree. ' +
  'Cellen die met `=`, `+`, `-`, `@`, tab of CR beginnen krijgen een `\'` ervoor (geen formules in spreadsheets).';

export const OPERATIONS: readonly Operation[] = [
  // ---- documents, versions, history, comparison ----
  { method: 'get', path: '/openapi.json', operationId: 'getOpenApi', summary: 'Deze beschrijving van de API', tag: 'API', answer: { status: 200, description: 'De OpenAPI-beschrijving.', schema: z.looseObject({}) }, errors: read },
  { method: 'get', path: '/documenten', operationId: 'listDocumenten', summary: 'Alle documenten', tag: 'Documenten', answer: { status: 200, description: 'De documenten.', schema: documentListSchema }, errors: read },
  {
    method: 'get',
    path: '/documenten/{document}',
    operationId: 'getDocument',
    summary: 'Eén document met zijn concept en versies',
    tag: 'Documenten',
    params: [document],
    answer: { status: 200, description: 'Het document.', schema: documentSchema },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/versies',
    operationId: 'listVersies',
    summary: 'Benoemde versies, nieuwste eerst',
    tag: 'Versies',
    params: [document],
    answer: { status: 200, description: 'De versies.', schema: versionListSchema },
    errors: read,
  },
  {
    method: 'post',
    path: '/documenten/{document}/versies',
    operationId: 'createVersie',
    summary: 'Het huidige concept als versie benoemen (secretaris, beheerder)',
    description:
      'De naam is het volgende nummer na de nieuwste versie: de volgende minor of de volgende major (na 1.3: 1.4 of 2.0; anders 400 op `naam`). ' +
      'Een concept dat gelijk is aan de nieuwste versie (dezelfde tree) kan niet worden benoemd: 409.',
    tag: 'Versies',
    signedIn: true,
    params: [document],
    body: nameVersionSchema,
    answer: { status: 201, description: 'De nieuwe versie.', schema: versionSummarySchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/documenten/{document}/versies/{versie}',
    operationId: 'getVersie',
    summary: 'De tekst van een versie, van het concept of van een commit',
    tag: 'Versies',
    params: [document, version],
    answer: { status: 200, description: 'De versie met haar principes.', schema: versionSchema },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/geschiedenis',
    operationId: 'listGeschiedenis',
    summary: 'Commits van het concept, nieuwste eerst, per pagina',
    tag: 'Versies',
    params: [document],
    query: historyQuerySchema,
    answer: { status: 200, description: 'Een pagina commits, nieuwste eerst, in de volgorde van git log.', schema: historyPageSchema },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/vergelijking',
    operationId: 'getVergelijking',
    summary: 'Vergelijk twee versies per principe, per zin en per woord',
    tag: 'Versies',
    params: [document],
    query: compareQuerySchema,
    answer: { status: 200, description: 'De vergelijking.', schema: comparisonSchema },
    errors: read,
  },

  // ---- amendments ----
  {
    method: 'get',
    path: '/documenten/{document}/amendementen',
    operationId: 'listAmendementen',
    summary: 'Amendementen, nieuwste eerst',
    tag: 'Amendementen',
    params: [document],
    query: listQuerySchema,
    answer: { status: 200, description: 'De amendementen.', schema: amendmentListSchema },
    errors: read,
  },
  {
    method: 'post',
    path: '/documenten/{document}/amendementen',
    operationId: 'createAmendement',
    summary: 'Een amendement indienen (werkgroeplid, vertegenwoordiger)',
    tag: 'Amendementen',
    signedIn: true,
    params: [document],
    body: proposeSchema,
    answer: { status: 201, description: 'Het nieuwe amendement.', schema: amendmentSchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/documenten/{document}/amendementen/{nummer}',
    operationId: 'getAmendement',
    summary: 'Eén amendement met zijn wijziging, samenvoegbaarheid, beoordelingen en reacties',
    tag: 'Amendementen',
    params: [document, nummer],
    answer: { status: 200, description: 'Het amendement.', schema: amendmentSchema },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/amendementen/{nummer}/revisies',
    operationId: 'listRevisies',
    summary: 'De revisies van een amendement, oudste eerst',
    tag: 'Amendementen',
    params: [document, nummer],
    answer: { status: 200, description: 'De revisies.', schema: revisionListSchema },
    errors: read,
  },
  amendmentVerb(
    '/revisies',
    'createRevisie',
    'Nieuwe tekst (`principes` + `verwachteRevisie`), of bijwerken naar het huidige concept (alleen `verwachteRevisie`)',
    revisionBodySchema,
    201,
  ),
  {
    method: 'get',
    path: '/documenten/{document}/amendementen/{nummer}/vergelijking',
    operationId: 'getRevisieVergelijking',
    summary: 'De wijziging tussen twee revisies van een amendement',
    tag: 'Amendementen',
    params: [document, nummer],
    query: revisionCompareQuerySchema,
    answer: { status: 200, description: 'De vergelijking.', schema: revisionComparisonSchema },
    errors: read,
  },
  amendmentVerb('/mede-indieners', 'createMedeIndiener', 'Mede indienen namens de eigen organisatie', undefined, 201),
  amendmentVerb('/mede-indieners/intrekking', 'withdrawMedeIndiener', 'De mede-indiening van de eigen organisatie intrekken', undefined, 200),
  amendmentVerb('/reacties', 'createReactie', 'Een reactie, eventueel bij één zin', commentSchema, 201, newCommentSchema),
  amendmentVerb('/beoordelingen', 'createBeoordeling', 'Een beoordeling van de huidige revisie (werkgroeplid)', reviewSchema, 201),
  amendmentVerb(
    '/besluit',
    'createBesluit',
    'Besluit van de secretaris: overnemen (samenvoegen) of verwerpen; niet over een amendement dat de secretaris zelf (mede) indiende (403)',
    decisionSchema,
    200,
  ),
  amendmentVerb('/intrekking', 'withdrawAmendement', 'De indiener trekt het amendement in', withdrawSchema, 200),

  // ---- organisations ----
  {
    method: 'get',
    path: '/organisaties',
    operationId: 'listOrganisaties',
    summary: 'Organisaties: gemeenten en andere organisaties, op naam gesorteerd',
    description:
      'Alle gemeenten van de CBS-gebiedsindeling 2025 (bron: CBS / PDOK) en andere organisaties, zoals provincies, ' +
      'waterschappen en buitenlandse gemeenten. Gesorteerd op naam (Nederlandse sortering; een voorloop `\'s-` of `\'t ` telt niet mee).',
    tag: 'Organisaties',
    query: organisationListQuerySchema,
    answer: { status: 200, description: 'Een pagina organisaties.', schema: listOf(organisationSchema) },
    errors: { kind: 'read', texts: { '404': 'Onbekend pad.' } },
  },
  {
    method: 'post',
    path: '/organisaties',
    operationId: 'createOrganisatie',
    summary: 'Een organisatie toevoegen: provincie, waterschap, buitenlandse gemeente of overig (beheerder)',
    description:
      `De nieuwe organisatie krijgt als bron "${ADDED_BY_ADMIN_SOURCE}". Gemeenten komen alleen uit de CBS-gebiedsindeling ` +
      'en staan al in het register: type `gemeente` wordt geweigerd (400, of 409 als de code al bestaat). ' +
      'Een code die al bestaat geeft 409; een code als `GM0363` is voorbehouden aan CBS-gemeenten.',
    tag: 'Organisaties',
    signedIn: true,
    body: newOrganisationSchema,
    answer: { status: 201, description: 'De nieuwe organisatie.', schema: organisationSchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/organisaties/{code}',
    operationId: 'getOrganisatie',
    summary: 'Eén organisatie',
    tag: 'Organisaties',
    params: [code],
    answer: { status: 200, description: 'De organisatie.', schema: organisationSchema },
    errors: { kind: 'read', texts: { '404': 'Er is geen organisatie met deze code.' } },
  },
  {
    method: 'patch',
    path: '/organisaties/{code}',
    operationId: 'updateOrganisatie',
    summary: 'De naam of het type van een organisatie wijzigen (beheerder)',
    description: 'Niet voor gemeenten uit de CBS-gebiedsindeling (409); het type `gemeente` kan niet worden gekozen (400).',
    tag: 'Organisaties',
    signedIn: true,
    params: [code],
    body: organisationChangesSchema,
    answer: { status: 200, description: 'De gewijzigde organisatie.', schema: organisationSchema },
    errors: write,
  },

  // ---- tokens, accounts, audit log ----
  {
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    summary: 'Aanmelden voor programma’s: e-mailadres en wachtwoord geven een Bearer-token',
    description: 'Het token wordt één keer getoond en alleen als hash bewaard. Mislukte pogingen worden per account en per adres beperkt (429).',
    tag: 'Accounts',
    body: tokenRequestSchema,
    answer: { status: 201, description: 'Het nieuwe token.', schema: newTokenAnswerSchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    summary: 'Mijn tokens (zonder de geheime waarde)',
    tag: 'Accounts',
    signedIn: true,
    answer: { status: 200, description: 'De tokens van de aangemelde gebruiker.', schema: tokenListSchema },
    errors: signedIn,
  },
  {
    method: 'delete',
    path: '/tokens/{id}',
    operationId: 'revokeToken',
    summary: 'Een eigen token intrekken',
    tag: 'Accounts',
    signedIn: true,
    params: [param('id', recordId, 'Het id van het token.')],
    answer: { status: 204, description: 'Ingetrokken.' },
    errors: write,
  },
  {
    method: 'get',
    path: '/gebruikers',
    operationId: 'listGebruikers',
    summary: 'Alle accounts (beheerder)',
    tag: 'Accounts',
    signedIn: true,
    query: userListQuerySchema,
    answer: { status: 200, description: 'De accounts.', schema: userListSchema },
    errors: signedIn,
  },
  {
    method: 'post',
    path: '/gebruikers',
    operationId: 'createGebruiker',
    summary: 'Een account aanmaken (beheerder)',
    tag: 'Accounts',
    signedIn: true,
    body: newUserSchema,
    answer: { status: 201, description: 'Het nieuwe account.', schema: userSchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/gebruikers/{id}',
    operationId: 'getGebruiker',
    summary: 'Eén account (beheerder)',
    tag: 'Accounts',
    signedIn: true,
    params: [param('id', recordId, 'Het id van het account.')],
    answer: { status: 200, description: 'Het account.', schema: userSchema },
    errors: signedIn,
  },
  {
    method: 'patch',
    path: '/gebruikers/{id}',
    operationId: 'updateGebruiker',
    summary: 'Een account wijzigen of deactiveren (beheerder)',
    tag: 'Accounts',
    signedIn: true,
    params: [param('id', recordId, 'Het id van het account.')],
    body: userChangesSchema,
    answer: { status: 200, description: 'Het gewijzigde account.', schema: userSchema },
    errors: write,
  },
  {
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'Het auditlogboek met hashketen (beheerder)',
    tag: 'Accounts',
    signedIn: true,
    query: auditQuerySchema,
    answer: { status: 200, description: 'Een pagina van het logboek, oudste eerst; `kop` is de hash van de nieuwste regel.', schema: auditPageSchema },
    errors: signedIn,
  },

  // ---- endorsements ----
  {
    method: 'get',
    path: '/documenten/{document}/onderschrijvingen',
    operationId: 'listOnderschrijvingen',
    summary: 'Alle onderschrijvingen van een document, oudste eerst (JSON of CSV)',
    description:
      'Open data. JSON per pagina (`items`, `volgende`), of de hele (gefilterde) set als CSV met `?formaat=csv` of `Accept: text/csv`. ' +
      'Ingetrokken onderschrijvingen blijven zichtbaar met status `ingetrokken`.',
    tag: 'Onderschrijvingen',
    params: [document],
    query: endorsementListQuerySchema,
    answer: { status: 200, description: 'De onderschrijvingen.', schema: endorsementListSchema, media: { 'text/csv': z.string().meta({ description: csvDescription }) } },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/onderschrijvingen/audit',
    operationId: 'getOnderschrijvingenAudit',
    summary: 'De controleerbare vastlegging: de hashketen van het auditlogboek met de vermeldingen over onderschrijvingen',
    description:
      'Voor elke vermelding in het auditlogboek `volgnummer`, `vorigeHash` en `hash`; de volledige inhoud alleen van de vermeldingen over ' +
      'onderschrijvingen (vastgelegd, ingetrokken) van dit document. Iedereen kan hun hashes herberekenen en de keten controleren: ' +
      '`npm run cli -- audit-verify --export BESTAND`.',
    tag: 'Onderschrijvingen',
    params: [document],
    answer: { status: 200, description: 'De export.', schema: endorsementAuditExportSchema },
    errors: read,
  },
  {
    method: 'get',
    path: '/documenten/{document}/onderschrijvingen/{id}',
    operationId: 'getOnderschrijving',
    summary: 'Eén onderschrijving',
    tag: 'Onderschrijvingen',
    params: [document, endorsement],
    answer: { status: 200, description: 'De onderschrijving.', schema: endorsementSchema },
    errors: read,
  },
  {
    method: 'post',
    path: '/documenten/{document}/onderschrijvingen/{id}/intrekking',
    operationId: 'withdrawOnderschrijving',
    summary: 'Een onderschrijving intrekken (vertegenwoordiger van de organisatie)',
    description: 'De onderschrijving blijft zichtbaar met status `ingetrokken` en de reden. Al ingetrokken: 409.',
    tag: 'Onderschrijvingen',
    signedIn: true,
    params: [document, endorsement],
    body: withdrawEndorsementSchema,
    answer: { status: 200, description: 'De ingetrokken onderschrijving.', schema: endorsementSchema },
    errors: write,
  },
  {
    method: 'post',
    path: '/documenten/{document}/versies/{versie}/onderschrijvingen',
    operationId: 'createOnderschrijving',
    summary: 'Een benoemde versie onderschrijven namens de eigen organisatie (vertegenwoordiger)',
    description:
      'Alleen voor de eigen organisatie (een andere `organisatie`: 403) en alleen een benoemde versie (`concept` of een commit: 409; ' +
      'onbekend: 404). Eén actieve onderschrijving per organisatie per versie (409). `besluit.datum` is JJJJ-MM-DD en niet na vandaag ' +
      '(Europe/Amsterdam); `besluit.url` alleen http(s).',
    tag: 'Onderschrijvingen',
    signedIn: true,
    params: [document, version],
    body: endorseSchema,
    answer: { status: 201, description: 'De nieuwe onderschrijving.', schema: endorsementSchema },
    errors: { kind: 'write', texts: { '404': 'Onbekend document of onbekende versie.' } },
  },

  // ---- the ALV adoption of a version ----
  {
    method: 'get',
    path: '/documenten/{document}/versies/{versie}/vaststellingsstuk',
    operationId: 'getVaststellingsstuk',
    summary: 'Het vaststellingsstuk van een versie voor de ALV (Markdown, HTML of Word)',
    description:
      'Voorstel tot besluit, de volledige tekst, de wijzigingen ten opzichte van de laatst vastgestelde versie vóór deze (in Word als bijgehouden wijzigingen, ' +
      'in HTML als `<ins>`/`<del>`, in Markdown als CriticMarkup; elk ingevoegd of verwijderd woord op naam van het amendement dat het wijzigde, ' +
      'of van wie het zonder amendement in het concept vastlegde), de amendementen sindsdien, de onderschrijvers en controlegegevens. ' +
      'Tekst van gebruikers staat in de Markdown als gewone tekst (nooit als HTML, link of afbeelding); het HTML-bestand laadt niets van elders. ' +
      'Dezelfde registratie geeft byte voor byte hetzelfde bestand: de datum van aanmaak komt uit de registratie, niet van de klok.',
    tag: 'Versies',
    params: [document, namedVersion],
    query: formatQuery,
    answer: {
      status: 200,
      description: 'Het vaststellingsstuk.',
      headers: { 'Content-Disposition': 'De bestandsnaam, bijv. `vaststellingsstuk-digitale-stad-1.1.docx`.' },
      media: {
        [MEDIA_TYPE.md.split(';')[0] ?? 'text/markdown']: z.string().meta({ description: 'Markdown (UTF-8) met CriticMarkup.' }),
        [MEDIA_TYPE.html.split(';')[0] ?? 'text/html']: z.string().meta({ description: 'Eén zelfstandig HTML-bestand, afdrukbaar op A4, dat niets van elders laadt.' }),
        [MEDIA_TYPE.docx]: z.string().meta({ contentMediaType: MEDIA_TYPE.docx, description: 'Een Word-bestand (DOCX).' }),
      },
    },
    errors: read,
  },
  adoptionVerb(
    'post',
    '/agendering',
    'agendeerVersie',
    'Een versie ter vaststelling agenderen voor de ALV (secretaris)',
    'De status wordt `ter-vaststelling`. Opnieuw agenderen voor het besluit verzet de datum. 409 voor een vastgestelde versie (of als een nieuwere al is vastgesteld).',
    scheduleSchema,
    200,
  ),
  adoptionVerb(
    'put',
    '/besluittekst',
    'zetBesluittekst',
    'De toelichting bij het voorgestelde besluit vervangen (secretaris)',
    'De tekst na de vaste besluitzin “De Algemene Ledenvergadering van de VNG besluit de <titel>, versie <x>, vast te stellen.”; leeg geeft weer de standaardtoelichting. 409 na vaststelling.',
    decisionTextSchema,
    200,
  ),
  adoptionVerb(
    'post',
    '/vaststelling',
    'legVaststellingVast',
    'Het besluit van de ALV over een versie vastleggen (secretaris)',
    'Alleen voor een versie die ter vaststelling staat (anders 409; ook een tweede besluit is 409). Een aangenomen-uitkomst maakt de versie `vastgesteld`: ' +
      'haar tag wordt nooit verplaatst of verwijderd en zij wordt de basis van het volgende vaststellingsstuk. Verworpen of aangehouden: de versie kan later opnieuw worden geagendeerd.',
    adoptionSchema,
    201,
  ),
];

/** Named schemas that no operation refers to directly, but that the description has always named. */
export const ALSO_NAMED: readonly z.ZodType[] = [commitSchema];
