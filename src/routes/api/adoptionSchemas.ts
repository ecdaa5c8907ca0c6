/** zod schemas for the ALV adoption (API and forms share them). */
import { z } from 'zod';
import { ADOPTION_OUTCOMES, OUTCOMES_WITHOUT_VOTE } from '../../domain/versionStatus.js';
import { FORMATS } from '../../presenters/adoption/text.js';

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export const calendarDate = (what: string) =>
  z
    .string({ error: `Vul ${what} in (bijvoorbeeld 2026-06-12).` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Vul ${what} in als JJJJ-MM-DD, bijvoorbeeld 2026-06-12.` })
    .refine(
      (s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
      },
      { error: `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} bestaat niet.` },
    );

export const scheduleSchema = z.object({ alvDatum: calendarDate('de datum van de ALV') });

export const decisionTextSchema = z.object({
  tekst: z.string({ error: 'Vul de toelichting in (of laat haar leeg voor de standaardtekst).' }).max(5000, { error: 'De toelichting is te lang (hoogstens 5000 tekens).' }),
});

const percent = (name: string) =>
  z
    .number({ error: `Vul het percentage ${name} in: een getal van 0 tot en met 100.` })
    .min(0, { error: `Het percentage ${name} kan niet negatief zijn.` })
    .max(100, { error: `Het percentage ${name} is hoogstens 100.` });

export const adoptionSchema = z
  .object({
    datum: calendarDate('de datum van het besluit'),
    uitkomst: z.enum(ADOPTION_OUTCOMES, { error: `Kies de uitkomst: ${ADOPTION_OUTCOMES.join(', ')}.` }),
    percentages: z
      .object({ voor: percent('voor'), tegen: percent('tegen'), onthouding: percent('onthouding') }, { error: 'Geef de gewogen percentages voor, tegen en onthouding.' })
      .nullable()
      .optional(),
    kenmerk: z
      .string({ error: 'Vul het kenmerk van het besluit in.' })
      .trim()
      .min(1, { error: 'Vul het kenmerk van het besluit in.' })
      .max(200, { error: 'Het kenmerk is te lang (hoogstens 200 tekens).' }),
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
  formaat: z.enum(FORMATS, { error: 'Kies het formaat md, html of docx.' }).default('md'),
});
