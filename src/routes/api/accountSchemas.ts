/** zod schemas for sign-in, tokens and accounts (API and forms share them). */
import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { MIN_PASSWORD_LENGTH } from '../../domain/accountRules.js';

const email = z.string({ error: 'Vul een e-mailadres in.' }).trim().max(254, { error: 'Het e-mailadres is te lang.' }).pipe(
  z.email({ error: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.' }),
);
const naam = z
  .string({ error: 'Vul een naam in.' })
  .trim()
  .min(1, { error: 'Vul een naam in.' })
  .max(200, { error: 'De naam is te lang (hoogstens 200 tekens).' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'De naam bevat ongeldige tekens.' });
const wachtwoord = z
  .string({ error: `Vul een wachtwoord in van minstens ${MIN_PASSWORD_LENGTH} tekens.` })
  .min(MIN_PASSWORD_LENGTH, { error: `Het wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens lang zijn.` })
  .max(200, { error: 'Het wachtwoord is te lang (hoogstens 200 tekens).' });
const rol = z.enum(ROLES, { error: `Kies een rol: ${ROLES.join(', ')}.` });
const organisatie = z
  .string({ error: 'Kies een organisatie.' })
  .trim()
  .regex(/^[A-Z0-9-]{2,20}$/, { error: 'Onbekende organisatie.' })
  .nullable();

export const signInSchema = z.object({
  email: z.string({ error: 'Vul uw e-mailadres in.' }).trim().min(1, { error: 'Vul uw e-mailadres in.' }).max(254),
  wachtwoord: z.string({ error: 'Vul uw wachtwoord in.' }).min(1, { error: 'Vul uw wachtwoord in.' }).max(200),
});

export const tokenRequestSchema = signInSchema.extend({
  omschrijving: z.string().trim().max(200, { error: 'De omschrijving is te lang.' }).optional(),
});

export const newTokenSchema = z.object({
  omschrijving: z.string({ error: 'Vul een omschrijving in.' }).trim().min(1, { error: 'Vul een omschrijving in, bijvoorbeeld de naam van het programma.' }).max(200),
});

export const newUserSchema = z.object({
  naam,
  email,
  wachtwoord,
  rol,
  organisatie: organisatie.optional().transform((v) => v ?? null),
});

export const userChangesSchema = z
  .object({
    naam: naam.optional(),
    email: email.optional(),
    wachtwoord: wachtwoord.optional(),
    rol: rol.optional(),
    organisatie: organisatie.optional(),
    actief: z.boolean({ error: 'actief is waar of onwaar.' }).optional(),
  })
  .strict();

export const nameVersionSchema = z.object({
  naam: z.string({ error: 'Vul een versienaam in, zoals 1.1.' }).trim().regex(/^\d{1,4}\.\d{1,4}$/, { error: 'Gebruik de vorm 1.1 of 2.0.' }),
  toelichting: z
    .string({ error: 'Vul een toelichting in.' })
    .trim()
    .min(1, { error: 'Vul een toelichting in: wat is er in deze versie veranderd?' })
    .max(5000, { error: 'De toelichting is te lang (hoogstens 5000 tekens).' })
    // It becomes the tag message, which git cannot hold with NUL characters: say so on this field.
    .regex(/^[^\u0000]*$/, { error: 'De toelichting bevat een ongeldig teken.' }),
  verwachtConcept: z.string().regex(/^[0-9a-f]{40}$/, { error: 'Een volledige commit-id.' }).optional(),
});
