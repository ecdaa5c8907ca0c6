/**
 * Endorsements: what a client sends (API and forms, with Dutch messages), what the API answers, and
 * the events of the endorsement log (`onderschrijvingen.jsonl`), which src/storage/endorsementLog.ts
 * parses with endorsementEventSchemas.
 */
import { z } from 'zod';
import { ENDORSEMENT_ID } from '../domain/endorsementModel.js';
import { isCalendarDate } from '../domain/calendar.js';
import { DECIDING_BODIES, type EndorsementRecord } from '../domain/endorsementModel.js';
import { ORGANISATION_TYPES } from '../domain/roles.js';
import { oid, ORGANISATION_CODE, pageSchema, time, VERSION_NAME } from './common.js';

/** One line of text, no control characters; HTML is allowed and stored as text (escaped on output). */
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;

function line(what: string, max = 200) {
  return z
    .string({ error: `Vul ${what} in.` })
    .trim()
    .min(1, { error: `Vul ${what} in.` })
    .max(max, { error: `Hoogstens ${max} tekens.` })
    .regex(ONE_LINE, { error: 'Eén regel tekst, zonder regeleinden of stuurtekens.' });
}

export const MAX_URL_LENGTH = 2000;

/** An http(s) link, or nothing (empty or null). */
const decisionUrl = z
  .union([z.string({ error: 'Een link naar het gepubliceerde besluit (http of https), of leeg.' }), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()))
  .refine((v) => v === null || v.length <= MAX_URL_LENGTH, { error: `De link is te lang (hoogstens ${MAX_URL_LENGTH} tekens).` })
  .refine(
    (v) => {
      if (v === null) return true;
      if (!/^https?:\/\/[^\s]+$/i.test(v)) return false;
      try {
        const url = new URL(v);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: 'Alleen een http- of https-link, zoals https://www.gemeente.nl/besluit.' },
  )
  .meta({ format: 'uri', description: 'Link naar het gepubliceerde besluit (http of https).' });

export const DATE_REASON = 'Een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-03-14.';

export const endorsementId = z.string().regex(ENDORSEMENT_ID);

// ---- what a client sends ----

export const endorseSchema = z
  .object({
    /** Only the caller's own organisation: another code is refused with 403 (not a field error). */
    organisatie: z
      .string({ error: 'Een organisatiecode, bijv. GM0363.' })
      .trim()
      .max(40)
      .optional()
      .meta({ description: 'Optioneel; alleen de eigen organisatie (anders 403).' }),
    ondertekenaar: z.object(
      {
        naam: line('de naam van de ondertekenaar'),
        functie: line('de functie van de ondertekenaar'),
      },
      { error: 'Geef de ondertekenaar: naam en functie.' },
    ),
    besluit: z.object(
      {
        orgaan: z.enum(DECIDING_BODIES, { error: `Kies wie besloot: ${DECIDING_BODIES.join(', ')}.` }),
        datum: z
          .string({ error: DATE_REASON })
          .trim()
          .refine((v) => isCalendarDate(v), { error: DATE_REASON })
          .refine((v) => v >= '1900-01-01', { error: 'Een datum na 1900.' })
          .meta({ format: 'date', description: 'JJJJ-MM-DD, niet na vandaag (Europe/Amsterdam).' }),
        kenmerk: line('het kenmerk (de referentie) van het besluit'),
        url: decisionUrl,
      },
      { error: 'Geef het besluit: orgaan, datum, kenmerk en eventueel een link.' },
    ),
  })
  .meta({ id: 'NieuweOnderschrijving' });
export type EndorseBody = z.infer<typeof endorseSchema>;

export const withdrawEndorsementSchema = z.object({
  reden: z
    .string({ error: 'Vul de reden in.' })
    .trim()
    .min(1, { error: 'Vul de reden van de intrekking in.' })
    .max(10_000, { error: 'De reden is te lang (hoogstens 10.000 tekens).' })
    .regex(/^[^\u0000]*$/, { error: 'De reden bevat een ongeldig teken.' }),
});

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const endorsementPage = pageSchema(100);

export const endorsementListQuerySchema = endorsementPage.extend({
  limit: endorsementPage.shape.limit.meta({ description: 'Aantal per pagina (1 tot 100; alleen JSON).' }),
  versie: z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(VERSION_NAME, { error: 'Een versienaam, bijvoorbeeld 1.0.' })
        // Examples of what a client sends go before the transform (zod describes its input side).
        .meta({ examples: ['1.0'] })
        .transform((v) => v.replace(/^v/, ''))
        .optional(),
    )
    .meta({ description: 'Alleen onderschrijvingen van deze versie.' }),
  organisatie: z
    .preprocess(emptyToUndefined, z.string().trim().regex(ORGANISATION_CODE, { error: 'Een organisatiecode, bijvoorbeeld GM0363.' }).optional())
    .meta({ description: 'Alleen onderschrijvingen van deze organisatie (code).' }),
  status: z
    .preprocess(emptyToUndefined, z.enum(['actief', 'ingetrokken'], { error: 'Kies actief of ingetrokken.' }).optional())
    .meta({ description: 'Alleen actieve of alleen ingetrokken onderschrijvingen.' }),
  formaat: z
    .preprocess(emptyToUndefined, z.enum(['json', 'csv'], { error: 'Kies json of csv.' }).optional())
    .meta({ description: '`csv` voor CSV (ook met `Accept: text/csv`), `json` (standaard).' }),
});
export type EndorsementListQuery = z.infer<typeof endorsementListQuerySchema>;

// ---- what is stored and what the API answers ----

const nullableText = z.string().nullable();

/** The decision an endorsement rests on; all null for endorsements from the VNG letter. */
const decisionRecord = z.object({
  orgaan: z.enum(DECIDING_BODIES).nullable(),
  datum: z.string().nullable().meta({ format: 'date' }),
  kenmerk: nullableText,
  url: z.string().nullable().meta({ format: 'uri' }),
});

const signatoryRecord = z.object({ naam: nullableText, functie: nullableText });

/** Who acted, as a record keeps it (with the account id, which the API never shows). */
const partyRecord = z.object({ gebruiker: z.string(), naam: z.string(), organisatie: z.object({ code: z.string(), naam: z.string() }).nullable() });

const withdrawalRecord = z.object({ reden: z.string(), door: partyRecord, tijdstip: z.string() });

/** An endorsement as the log stores it (the `record` of an `endorsed` event). */
export const endorsementRecordSchema = z.object({
  id: z.string(),
  document: z.string(),
  organisatie: z.object({ code: z.string(), naam: z.string(), type: z.enum(ORGANISATION_TYPES) }),
  versie: z.string(),
  commit: z.string(),
  tree: z.string(),
  status: z.enum(['actief', 'ingetrokken']),
  ondertekenaar: signatoryRecord,
  besluit: decisionRecord,
  bron: z.enum(['ledenbrief', 'dienst']),
  door: partyRecord.nullable(),
  vastgelegd: z.string(),
  intrekking: withdrawalRecord.nullable(),
  opmerking: z.string().optional(),
}) satisfies z.ZodType<EndorsementRecord>;

/** The events of the endorsement log, one JSON object per line, each with `v: 1`. */
export const endorsementEventSchemas = {
  /** What every line is: an object with `v: 1`; its `event` says which of the two below it is. */
  envelope: z.looseObject({ v: z.literal(1) }),
  endorsed: z.object({ v: z.literal(1), event: z.literal('endorsed'), record: endorsementRecordSchema }),
  withdrawn: z.object({ v: z.literal(1), event: z.literal('withdrawn'), id: z.string(), intrekking: withdrawalRecord }),
};
export type EndorsementEvent = z.output<typeof endorsementEventSchemas.endorsed> | z.output<typeof endorsementEventSchemas.withdrawn>;

export const endorsementSchema = z
  .object({
    id: z.string().meta({ examples: ['ond_3kT9x0aQbZ1m'] }),
    document: z.string(),
    organisatie: z.object({ code: z.string(), naam: z.string(), type: z.enum(ORGANISATION_TYPES) }),
    versie: z.string().meta({ examples: ['1.0'] }),
    commit: oid,
    tree: oid,
    status: z.enum(['actief', 'ingetrokken']),
    ondertekenaar: signatoryRecord.meta({ description: 'Null bij onderschrijvingen uit de VNG-ledenbrief (die noemt geen ondertekenaars).' }),
    besluit: decisionRecord,
    bron: z.enum(['ledenbrief', 'dienst']).meta({ description: '`ledenbrief`: uit de VNG-ledenbrief; `dienst`: in deze dienst vastgelegd.' }),
    vastgelegd: time,
    intrekking: z.object({ reden: z.string(), tijdstip: time }).nullable(),
    opmerking: z.string().optional(),
  })
  .meta({ id: 'Onderschrijving', description: 'De steun van een organisatie voor één exacte versie, vastgelegd met versienaam, commit en tree.' });

export type EndorsementJson = z.output<typeof endorsementSchema>;

export const endorsementListSchema = z.object({
  items: z.array(endorsementSchema),
  volgende: z.string().nullable(),
});
