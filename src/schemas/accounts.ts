/** Sign-in, tokens and accounts: what a client sends (API and forms, with Dutch messages) and what the API answers. */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../domain/accountRules.js';
import { ROLES } from '../domain/roles.js';
import { listOf, organisationRef, pageSchema, time } from './common.js';


/** Ids of accounts and tokens as we make them: a prefix and 12 base64url characters. */
export const recordId = z.string().regex(/^[a-z]{3}_[A-Za-z0-9_-]{12}$/);

const email = z
  .string({ error: 'Vul een e-mailadres in.' })
  .trim()
  .max(254, { error: 'Het e-mailadres is te lang.' })
  .pipe(z.email({ error: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.' }))
  .meta({ format: 'email' });
/** An e-mail address as the accounts keep it; also the rule for a mail's recipient (schemas/mail.ts). */
export { email as emailAddress };
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

// ---- what a client sends ----

/** The sign-in form. */
export const signInSchema = z.object({
  email: z.string({ error: 'Vul uw e-mailadres in.' }).trim().min(1, { error: 'Vul uw e-mailadres in.' }).max(254).meta({ format: 'email' }),
  wachtwoord: z.string({ error: 'Vul uw wachtwoord in.' }).min(1, { error: 'Vul uw wachtwoord in.' }).max(200),
});

/** "Mijn account": a new password, with the current one (the form also asks for the new one twice). */
export const ownPasswordSchema = z
  .object({
    huidigWachtwoord: z.string({ error: 'Vul uw huidige wachtwoord in.' }).min(1, { error: 'Vul uw huidige wachtwoord in.' }).max(200),
    nieuwWachtwoord: wachtwoord,
    herhaling: z.string({ error: 'Vul het nieuwe wachtwoord nog eens in.' }).max(200),
  })
  .refine((v) => v.herhaling === v.nieuwWachtwoord, { path: ['herhaling'], error: 'De twee nieuwe wachtwoorden zijn niet gelijk.' })
  .refine((v) => v.nieuwWachtwoord !== v.huidigWachtwoord, { path: ['nieuwWachtwoord'], error: 'Kies een ander wachtwoord dan het huidige.' });

/** `POST /tokens`: sign-in for programs. */
export const tokenRequestSchema = signInSchema
  .extend({
    omschrijving: z.string().trim().max(200, { error: 'De omschrijving is te lang.' }).optional(),
  })
  .meta({ id: 'TokenAanvraag' });

/** The form for a new token on the account page (signed in already). */
export const newTokenSchema = z.object({
  omschrijving: z.string({ error: 'Vul een omschrijving in.' }).trim().min(1, { error: 'Vul een omschrijving in, bijvoorbeeld de naam van het programma.' }).max(200),
});

export const newUserSchema = z
  .object({
    naam,
    email,
    wachtwoord,
    rol,
    organisatie: organisatie
      .optional()
      .transform((v) => v ?? null)
      .meta({ description: 'Code van de organisatie (verplicht voor een vertegenwoordiger).' }),
  })
  .meta({ id: 'NieuweGebruiker' });

export const userChangesSchema = z
  .object({
    naam: naam.optional(),
    email: email.optional(),
    wachtwoord: wachtwoord.optional(),
    rol: rol.optional(),
    organisatie: organisatie.optional(),
    actief: z.boolean({ error: 'actief is waar of onwaar.' }).optional(),
  })
  .strict()
  .meta({ id: 'GebruikerWijziging' });

/** `GET /gebruikers` */
export const userListQuerySchema = pageSchema(50);

// ---- what the API answers ----

export const tokenSchema = z
  .object({
    id: z.string(),
    omschrijving: z.string(),
    aangemaakt: time,
    verlooptOp: time,
    status: z.enum(['actief', 'verlopen', 'ingetrokken']),
  })
  .meta({ id: 'Token' });

export const newTokenAnswerSchema = tokenSchema.extend({ token: z.string() }).meta({ id: 'NieuwToken' });

export const userSchema = z
  .object({
    id: z.string(),
    naam: z.string(),
    email: z.string().meta({ format: 'email' }),
    rol: z.enum(ROLES),
    organisatie: organisationRef.nullable(),
    actief: z.boolean(),
    aangemaakt: time,
    gewijzigd: time,
  })
  .meta({ id: 'Gebruiker' });

export const tokenListSchema = listOf(tokenSchema);
export const userListSchema = listOf(userSchema);

export type TokenJson = z.output<typeof tokenSchema>;
export type UserJson = z.output<typeof userSchema>;
