/** zod schemas for endorsement input and queries (API and forms share them), with Dutch messages. */
import { z } from 'zod';
import { DECIDING_BODIES } from '../../domain/endorsementModel.js';
import { isCalendarDate } from '../../domain/calendar.js';
import { ORGANISATION_CODE } from '../../queries/organisationQueries.js';
import { pageSchema } from '../../validation.js';

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
  );

export const DATE_REASON = 'Een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-03-14.';

export const endorseSchema = z.object({
  /** Only the caller's own organisation: another code is refused with 403 (not a field error). */
  organisatie: z.string({ error: 'Een organisatiecode, bijv. GM0363.' }).trim().max(40).optional(),
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
        .refine((v) => v >= '1900-01-01', { error: 'Een datum na 1900.' }),
      kenmerk: line('het kenmerk (de referentie) van het besluit'),
      url: decisionUrl,
    },
    { error: 'Geef het besluit: orgaan, datum, kenmerk en eventueel een link.' },
  ),
});
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

export const VERSION_NAME = /^v?(\d{1,4}\.\d{1,4})$/;

export const endorsementListQuerySchema = pageSchema(100).extend({
  versie: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(VERSION_NAME, { error: 'Een versienaam, bijvoorbeeld 1.0.' })
      .transform((v) => v.replace(/^v/, ''))
      .optional(),
  ),
  organisatie: z.preprocess(emptyToUndefined, z.string().trim().regex(ORGANISATION_CODE, { error: 'Een organisatiecode, bijvoorbeeld GM0363.' }).optional()),
  status: z.preprocess(emptyToUndefined, z.enum(['actief', 'ingetrokken'], { error: 'Kies actief of ingetrokken.' }).optional()),
  formaat: z.preprocess(emptyToUndefined, z.enum(['json', 'csv'], { error: 'Kies json of csv.' }).optional()),
});
export type EndorsementListQuery = z.infer<typeof endorsementListQuerySchema>;

export { ENDORSEMENT_ID } from '../../domain/endorsementModel.js';
