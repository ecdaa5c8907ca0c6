/** Documents, versions, history and comparisons: what a client sends and what the API answers. */
import { z } from 'zod';
import { NAMED_VERSION_STATUSES, VERSION_STATUSES } from '../domain/versionStatus.js';
import { AMENDMENT_STATUSES } from '../domain/amendmentModel.js';
import { listOf, nextCursor, oid, pageSchema, party, refSchema, time } from './common.js';
import { versionAlvSchema } from './adoption.js';

// ---- what a client sends ----

/** The views of the history: the draft's own line, or everything git log lists. */
export const HISTORY_VIEWS = ['concept', 'alles'] as const;

/** `POST /documenten/{document}/versies` and the form on the versions page. */
export const nameVersionSchema = z.object({
  naam: z
    .string({ error: 'Vul een versienaam in, zoals 1.1.' })
    .trim()
    .regex(/^\d{1,4}\.\d{1,4}$/, { error: 'Gebruik de vorm 1.1 of 2.0.' })
    .meta({ examples: ['1.1'], description: 'Het volgende nummer na de nieuwste versie (volgende minor of major).' }),
  toelichting: z
    .string({ error: 'Vul een toelichting in.' })
    .trim()
    .min(1, { error: 'Vul een toelichting in: wat is er in deze versie veranderd?' })
    .max(5000, { error: 'De toelichting is te lang (hoogstens 5000 tekens).' })
    // It becomes the tag message, which git cannot hold with NUL characters: say so on this field.
    .regex(/^[^\u0000]*$/, { error: 'De toelichting bevat een ongeldig teken.' }),
  verwachtConcept: z
    .string()
    .regex(/^[0-9a-f]{40}$/, { error: 'Een volledige commit-id.' })
    .optional()
    .meta({ description: 'De concept-commit die u benoemt; 409 als het concept intussen veranderde.' }),
});
export type NameVersionInput = z.input<typeof nameVersionSchema>;

/** `GET /documenten/{document}/geschiedenis` */
export const historyQuerySchema = pageSchema(20).extend({
  bestand: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{0,120}$/, { error: 'Geen geldige bestandsnaam.' })
    .optional()
    .meta({
      description:
        'Alleen commits die dit bestand wijzigen, precies zoals `git log main -- <bestand>` (met de vereenvoudiging van git: een samenvoeging die het bestand van één ouder overneemt, wordt overgeslagen en alleen die ouder wordt gevolgd).',
    }),
  weergave: z
    .enum(HISTORY_VIEWS, { error: 'Kies "concept" (de eigen lijn van het concept) of "alles" (ook de commits van amendementen).' })
    .optional()
    .meta({
      description:
        '`concept`: de eigen lijn van het concept (`git log --first-parent main`): elke stand die het concept had, met elk overgenomen amendement als één besluit van de secretaris. `alles`: ook de commits van de amendementtakken (`git log main`). Standaard `concept`, met `bestand` standaard `alles`.',
    }),
});

/** `GET .../vergelijking?van=&naar=` (of a document, and of two revisions of an amendment). */
export const compareQuerySchema = z.object({
  van: refSchema.meta({ description: 'De oude versie, `concept` of commit.' }),
  naar: refSchema.meta({ description: 'De nieuwe versie, `concept` of commit.' }),
});

// ---- what the API answers ----

export const versionSummarySchema = z
  .object({
    document: z.string(),
    naam: z.string().meta({ examples: ['1.0'] }),
    tag: z.string().meta({ examples: ['v1.0'] }),
    commit: oid,
    tree: oid,
    status: z.enum(NAMED_VERSION_STATUSES),
    toelichting: z.string(),
    tijdstip: time,
  })
  .meta({ id: 'VersieSamenvatting' });

export const principleSchema = z
  .object({
    nummer: z.number().int(),
    bestand: z.string().meta({ examples: ['01-infrastructuur-voor-iedereen.md'] }),
    titel: z.string(),
    tekst: z.string().meta({ description: 'De Markdown van het principe, één zin per regel.' }),
  })
  .meta({ id: 'Principe' });

export const versionSchema = z
  .object({
    document: z.string(),
    naam: z.string().meta({ description: '`concept`, een versienaam, of de commit-id' }),
    commit: oid,
    tree: oid,
    status: z.enum(VERSION_STATUSES).meta({
      description: '`historisch`: een commit die ooit het concept was; `amendement`: een commit van een amendementtak die nooit het concept was.',
    }),
    titel: z.string(),
    beschrijving: z.string(),
    bron: z.string().optional(),
    toelichting: z.string().optional(),
    tijdstip: time.optional(),
    principes: z.array(principleSchema),
    markdown: z.string().meta({ description: 'Het hele document als één Markdown-tekst.' }),
    alv: versionAlvSchema.optional(),
  })
  .meta({ id: 'Versie' });

export const documentSchema = z
  .object({
    document: z.string(),
    titel: z.string(),
    beschrijving: z.string(),
    concept: z.object({ commit: oid, tree: oid, tijdstip: time }),
    huidigeVersie: z.string().nullable(),
    versies: z.array(versionSummarySchema),
  })
  .meta({ id: 'Document' });

const person = z.object({ naam: z.string(), email: z.string() });

export const commitSchema = z
  .object({
    commit: oid,
    tree: oid,
    ouders: z.array(oid),
    auteur: person.meta({
      description:
        'Wie de wijziging maakte. Het e-mailadres is nooit het eigen adres van de persoon maar een vast, niet-persoonlijk adres per account (`<account>@gebruikers.principes.invalid`).',
    }),
    vastgelegdDoor: person.meta({ description: 'Wie de commit vastlegde (git: committer); bij een overgenomen amendement de secretaris die besloot.' }),
    tijdstip: time,
    samenvatting: z.string(),
    bericht: z.string(),
  })
  .meta({ id: 'Commit' });

export const historyPartySchema = party.meta({ id: 'GeschiedenisPartij' });

export const historyItemSchema = commitSchema
  .extend({
    soort: z.enum(['wijziging', 'besluit', 'amendement']).meta({
      description:
        '`wijziging`: een stand van het concept. `besluit`: het besluit van de secretaris om amendement `amendement.nummer` over te nemen (een samenvoeging op het concept; besloten door `vastgelegdDoor`, ingediend door `auteur`). `amendement`: een commit van een amendementtak (voorstel, revisie, bijwerken) die nooit het concept was.',
    }),
    versies: z.array(z.string()).meta({ description: 'Versies die op deze commit benoemd zijn.' }),
    amendement: z
      .object({
        nummer: z.number().int(),
        titel: z.string(),
        status: z.enum(AMENDMENT_STATUSES),
        indiener: historyPartySchema,
        besluit: z
          .object({
            besluit: z.enum(['overgenomen', 'verworpen', 'ingetrokken']),
            door: historyPartySchema,
            tijdstip: time,
            commit: oid.optional(),
          })
          .nullable(),
      })
      .nullable()
      .meta({ description: 'Het amendement waar de commit bij hoort (null bij een wijziging, of als de gegevens ontbreken).' }),
  })
  .meta({ id: 'GeschiedenisItem', description: 'Een commit in de geschiedenis, met wat hij was.' });

export const historyPageSchema = z.object({
  items: z.array(historyItemSchema),
  volgende: nextCursor,
  weergave: z.enum(HISTORY_VIEWS).meta({ description: 'De gebruikte weergave.' }),
});

export const wordPartSchema = z
  .object({ soort: z.enum(['gelijk', 'ingevoegd', 'verwijderd']), tekst: z.string() })
  .meta({ id: 'Woorddeel' });

export const lineChangeSchema = z
  .object({
    soort: z.enum(['gelijk', 'ingevoegd', 'verwijderd', 'gewijzigd']),
    tekst: z.string().optional(),
    van: z.string().optional(),
    naar: z.string().optional(),
    regelVan: z.number().int().optional(),
    regelNaar: z.number().int().optional(),
    woorden: z.array(wordPartSchema).nullable().optional(),
  })
  .meta({
    id: 'Regelwijziging',
    description:
      'Eén regel (zin) van de opgeslagen tekst (één zin per regel). De regels van `van` (gelijk, verwijderd, gewijzigd) en van `naar` ' +
      '(gelijk, ingevoegd, gewijzigd) vormen, in volgorde, beide teksten byte voor byte. `gewijzigd` is één zin die is bewerkt: ' +
      'een oude en een nieuwe zin met voor minstens de helft dezelfde woorden (een lijstnummer telt niet mee, een hernummerd lijstpunt is dus een woordwijziging), ' +
      'ook als er een alinea-einde tussen is geschoven (dan staat de lege regel als verwijderd en ingevoegd in de lijst). ' +
      '`gewijzigd` heeft `van`, `naar` en `woorden` (null als de woordvergelijking de grens overschreed: zin vervangen).',
  });

export const principleRefSchema = z
  .object({ bestand: z.string(), nummer: z.number().int(), titel: z.string() })
  .meta({ id: 'PrincipeVerwijzing' });

export const principleComparisonSchema = z
  .object({
    soort: z.enum(['ongewijzigd', 'gewijzigd', 'toegevoegd', 'verwijderd', 'hernoemd']),
    van: principleRefSchema.nullable(),
    naar: principleRefSchema.nullable(),
    regels: z.array(lineChangeSchema),
    telling: z.object({ ingevoegd: z.number().int(), verwijderd: z.number().int(), gewijzigd: z.number().int() }),
  })
  .meta({ id: 'PrincipeVergelijking' });

const refAt = z.object({ naam: z.string(), commit: oid });

export const comparisonSchema = z
  .object({
    document: z.string(),
    van: refAt,
    naar: refAt,
    gewijzigd: z.boolean(),
    metaGewijzigd: z.boolean(),
    afgebroken: z.boolean().meta({ description: 'Waar als een grens werd bereikt en zinnen als geheel vervangen worden getoond.' }),
    principes: z.array(principleComparisonSchema),
  })
  .meta({ id: 'Vergelijking' });

export const documentListSchema = listOf(documentSchema);
export const versionListSchema = listOf(versionSummarySchema);

export type VersionSummaryJson = z.output<typeof versionSummarySchema>;
export type VersionJson = z.output<typeof versionSchema>;
export type DocumentJson = z.output<typeof documentSchema>;
export type CommitJson = z.output<typeof commitSchema>;
export type HistoryItemJson = z.output<typeof historyItemSchema>;
export type ComparisonJson = z.output<typeof comparisonSchema>;
