/** The ALV adoption of a named version: what a client sends and what the API answers. */
import { z } from 'zod';
import { ADOPTION_OUTCOMES, NAMED_VERSION_STATUSES, OUTCOMES_WITHOUT_VOTE } from '../domain/versionStatus.js';
import { FORMATS } from '../presenters/adoption/text.js';
import { time } from './common.js';

const DATE_EXAMPLE = '2026-06-12';

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export const calendarDate = (what: string) =>
  z
    .string({ error: `Vul ${what} in (bijvoorbeeld ${DATE_EXAMPLE}).` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Vul ${what} in als JJJJ-MM-DD, bijvoorbeeld ${DATE_EXAMPLE}.` })
    .refine(
      (s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
      },
      { error: `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} bestaat niet.` },
    )
    .meta({ format: 'date', examples: [DATE_EXAMPLE] });

/** A date as the API answers it. */
const date = z.string().meta({ format: 'date', examples: [DATE_EXAMPLE] });

// ---- what a client sends ----

export const scheduleSchema = z.object({ alvDatum: calendarDate('de datum van de ALV').meta({ description: 'De datum van de ALV.' }) });

export const decisionTextSchema = z.object({
  tekst: z
    .string({ error: 'Vul de toelichting in (of laat haar leeg voor de standaardtekst).' })
    .max(5000, { error: 'De toelichting is te lang (hoogstens 5000 tekens).' })
    .meta({ description: 'Gewone tekst; een lege regel begint een nieuwe alinea.' }),
});

const percent = (name: string) =>
  z
    .number({ error: `Vul het percentage ${name} in: een getal van 0 tot en met 100.` })
    .min(0, { error: `Het percentage ${name} kan niet negatief zijn.` })
    .max(100, { error: `Het percentage ${name} is hoogstens 100.` });

/** Weighted votes in percent; together at most 100 (checked by adoptionSchema). */
const percentagesSchema = z
  .object({ voor: percent('voor'), tegen: percent('tegen'), onthouding: percent('onthouding') }, { error: 'Geef de gewogen percentages voor, tegen en onthouding.' })
  .meta({ description: 'Gewogen stemverhouding in procenten; samen hoogstens 100.' });

export const adoptionSchema = z
  .object({
    datum: calendarDate('de datum van het besluit').meta({ description: 'De datum van het besluit.' }),
    uitkomst: z.enum(ADOPTION_OUTCOMES, { error: `Kies de uitkomst: ${ADOPTION_OUTCOMES.join(', ')}.` }),
    percentages: percentagesSchema
      .nullable()
      .optional()
      .meta({ description: `Verplicht, behalve bij ${OUTCOMES_WITHOUT_VOTE.map((o) => `\`${o}\``).join(' en ')} (zonder stemming): dan mag het null zijn.` }),
    kenmerk: z
      .string({ error: 'Vul het kenmerk van het besluit in.' })
      .trim()
      .min(1, { error: 'Vul het kenmerk van het besluit in.' })
      .max(200, { error: 'Het kenmerk is te lang (hoogstens 200 tekens).' })
      .meta({ description: 'Het kenmerk van het besluit.' }),
  })
  .superRefine((v, ctx) => {
    const p = v.percentages;
    if (p === undefined || p === null) {
      if (!OUTCOMES_WITHOUT_VOTE.includes(v.uitkomst)) ctx.addIssue({ code: 'custom', path: ['percentages'], message: 'Geef de gewogen percentages voor, tegen en onthouding.' });
      return;
    }
    const total = Math.round(p.voor * 100) + Math.round(p.tegen * 100) + Math.round(p.onthouding * 100);
    if (total > 10000) ctx.addIssue({ code: 'custom', path: ['percentages'], message: 'Voor, tegen en onthouding samen zijn hoogstens 100 procent.' });
  })
  .transform((v) => ({ ...v, percentages: v.percentages ?? null }));

export const formatQuery = z.object({
  formaat: z
    .enum(FORMATS, { error: 'Kies het formaat md, html of docx.' })
    .default('md')
    .meta({ description: 'Het formaat: `md` (standaard), `html` of `docx`.' }),
});

// ---- what the API answers ----

const assemblyDecisionSchema = z.object({
  alvDatum: date,
  datum: date,
  uitkomst: z.enum(ADOPTION_OUTCOMES),
  percentages: percentagesSchema.nullable(),
  kenmerk: z.string(),
  tijdstip: time,
});

const alvFields = {
  // `format` on the nullable field itself, so that the description reads `type: [string, null], format: date`.
  alvDatum: z.string().nullable().meta({ format: 'date', description: 'De ALV waarvoor de versie nu geagendeerd is, of null.' }),
  besluittekst: z.string().nullable().meta({ description: 'De toelichting van de secretaris, of null voor de standaardtoelichting.' }),
  besluiten: z.array(assemblyDecisionSchema).meta({ description: 'De besluiten van de ALV over deze versie, oudste eerst.' }),
};

export const versionAlvSchema = z.object(alvFields).meta({ id: 'VersieAlv', description: 'De ALV-gegevens van een benoemde versie.' });

export const versionStateSchema = z
  .object({
    document: z.string(),
    versie: z.string().meta({ examples: ['1.1'] }),
    status: z.enum(NAMED_VERSION_STATUSES),
    ...alvFields,
  })
  .meta({ id: 'VersieAlvToestand' });

export type VersionAlvJson = z.output<typeof versionAlvSchema>;
export type VersionStateJson = z.output<typeof versionStateSchema>;
