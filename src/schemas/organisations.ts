/** The register of organisations: what a client sends (API and forms) and what the API answers. */
import { z } from 'zod';
import { ADDABLE_ORGANISATION_TYPES } from '../domain/organisationRules.js';
import { ORGANISATION_TYPES } from '../domain/roles.js';
import { endorsementSchema } from './endorsements.js';
import { ORGANISATION_CODE, pageSchema } from './common.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_SEARCH_LENGTH = 100;
export const MAX_CURSOR_LENGTH = 1000;
export const MAX_ORGANISATION_NAME_LENGTH = 200;

/** The types an administrator may give an organisation (municipalities come from the CBS list). */

const CODE_REASON = 'Een code bestaat uit 2 tot 20 hoofdletters, cijfers of streepjes, bijv. PV27 of BE-GENT.';
const TYPE_REASON = `Kies een van deze typen: ${ORGANISATION_TYPES.join(', ')}.`;
export const CURSOR_REASON = 'Ongeldige cursor: gebruik de waarde van "volgende" uit een eerder antwoord.';

/** An organisation code in paths. */
export const organisationCode = z.string().regex(ORGANISATION_CODE).meta({ examples: ['GM0363'] });

// ---- what a client sends ----

const code = z
  .string({ error: 'Vul een code in.' })
  .trim()
  .min(1, { error: 'Vul een code in.' })
  .regex(ORGANISATION_CODE, { error: CODE_REASON });

const naamText = z
  .string({ error: 'Vul een naam in.' })
  .trim()
  .min(1, { error: 'Vul een naam in.' })
  .max(MAX_ORGANISATION_NAME_LENGTH, { error: `De naam is te lang (hoogstens ${MAX_ORGANISATION_NAME_LENGTH} tekens).` })
  .refine((s) => !/\p{Cc}/u.test(s), { error: 'De naam bevat ongeldige tekens (zoals een regeleinde of tab).' });
const nfc = (s: string) => s.normalize('NFC');
const naam = naamText.transform(nfc);

/**
 * Every type passes this schema, so that the command can answer a `gemeente` with 409 (the code exists)
 * or 400 naming `type`; the description names the types a client can add.
 */
const type = z.enum(ORGANISATION_TYPES, { error: TYPE_REASON }).meta({ enum: [...ADDABLE_ORGANISATION_TYPES] });

/** `POST /organisaties` and the form "Organisatie toevoegen". */
export const newOrganisationSchema = z
  .object({
    code: code.meta({ description: 'Uniek; 2 tot 20 hoofdletters, cijfers of streepjes.', examples: ['PV27'] }),
    naam: naamText.meta({ examples: ['Provincie Noord-Holland'] }).transform(nfc),
    type,
  })
  .meta({ id: 'NieuweOrganisatie' });

/** `PATCH /organisaties/{code}` and the edit form: at least one of `naam` and `type`. */
export const organisationChangesSchema = z
  .object({ naam: naam.optional(), type: type.optional() })
  .strict()
  .refine((c) => c.naam !== undefined || c.type !== undefined, { error: 'Geef een nieuwe naam of een nieuw type.' })
  .meta({ id: 'OrganisatieWijziging', minProperties: 1 });

export type NewOrganisationInput = z.input<typeof newOrganisationSchema>;
export type OrganisationChanges = z.input<typeof organisationChangesSchema>;

/** Query parameters of the list (API and page). Empty values count as absent (an empty select or search field). */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const organisationListQuerySchema = pageSchema(DEFAULT_PAGE_SIZE).extend({
  type: z
    .preprocess(emptyToUndefined, z.enum(ORGANISATION_TYPES, { error: `Kies een van deze typen: ${ORGANISATION_TYPES.join(', ')}.` }).optional())
    .meta({ description: 'Alleen organisaties van dit type.' }),
  zoek: z
    .preprocess(
      emptyToUndefined,
      z
        .string({ error: 'Een zoekterm is tekst.' })
        .trim()
        .max(MAX_SEARCH_LENGTH, { error: `Een zoekterm is hoogstens ${MAX_SEARCH_LENGTH} tekens.` })
        .optional(),
    )
    .meta({ description: 'Zoek in naam en code, ongevoelig voor hoofdletters, accenten en leestekens (`sudwest` vindt Súdwest-Fryslân).' }),
  // Our cursors hold a name, so they may be longer than the generic 200 characters.
  cursor: z
    .preprocess(emptyToUndefined, z.string({ error: CURSOR_REASON }).max(MAX_CURSOR_LENGTH, { error: CURSOR_REASON }).optional())
    .meta({ description: 'De `volgende` van de vorige pagina.' }),
});

// ---- what the API answers ----

export const organisationSchema = z
  .object({
    code: z
      .string()
      .regex(ORGANISATION_CODE)
      .meta({ description: 'CBS-code voor gemeenten, anders een code die de beheerder geeft.', examples: ['GM0363'] }),
    naam: z.string().meta({ description: 'De officiële naam.', examples: ['Amsterdam'] }),
    type: z.enum(ORGANISATION_TYPES),
    bron: z.string().optional().meta({ description: 'Waar de gegevens vandaan komen.', examples: ['CBS gebiedsindeling 2025'] }),
    onderschrijvingen: z
      .array(endorsementSchema)
      .optional()
      .meta({ description: 'Alleen bij één organisatie (`GET /organisaties/{code}`): haar onderschrijvingen, oudste eerst, ook ingetrokken.' }),
  })
  .meta({ id: 'Organisatie', description: 'Een gemeente of een andere organisatie die de principes kan onderschrijven.' });

export type OrganisationJson = z.output<typeof organisationSchema>;
