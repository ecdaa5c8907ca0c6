/** Amendments: what a client sends (API and forms, with Dutch messages) and what the API answers. */
import { z } from 'zod';
import { AMENDMENT_STATUSES } from '../domain/amendmentModel.js';
import { listOf, oid, organisationRef, party, refSchema, time } from './common.js';
import { principleComparisonSchema } from './documents.js';

const MAX_TEXT = 1024 * 1024;

// ---- what a client sends ----

export const principleEditSchema = z.object({
  bestand: z
    .string({ error: 'Geef het bestand van het principe, zoals 03-open-en-bekende-technologie.md.' })
    .trim()
    .max(120)
    .meta({ examples: ['03-open-en-bekende-technologie.md'] }),
  tekst: z
    .string({ error: 'Geef de tekst van het principe (Markdown), of null om het te verwijderen.' })
    .max(MAX_TEXT, { error: 'De tekst is te lang (hoogstens 1 MB).' })
    .nullable()
    .meta({ description: 'De hele Markdown van het principe (eerste regel `# titel`), of null om het te verwijderen. Een nieuw bestand voegt een principe toe.' }),
});

// The title is the subject line of git commit messages: one line, no control characters.
// Texts that end up in a commit message may not hold NUL characters (git cannot store them there).
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
const NO_NUL = /^[^\u0000]*$/;
const titel = z
  .string({ error: 'Vul een titel in.' })
  .trim()
  .min(1, { error: 'Vul een titel in.' })
  .max(200, { error: 'De titel is te lang (hoogstens 200 tekens).' })
  .regex(ONE_LINE, { error: 'De titel is één regel tekst, zonder regeleinden of stuurtekens.' });
const toelichting = z
  .string({ error: 'Vul een toelichting in.' })
  .trim()
  .min(1, { error: 'Vul een toelichting in: waarom stelt u deze wijziging voor?' })
  .max(20_000, { error: 'De toelichting is te lang.' })
  .regex(NO_NUL, { error: 'De toelichting bevat een ongeldig teken.' });
const revisie = z.string({ error: 'Geef de revisie (commit) die u hebt bewerkt.' }).regex(/^[0-9a-f]{40}$/, { error: 'Een volledige commit-id van 40 tekens.' });

export const proposeSchema = z.object({
  titel,
  toelichting,
  /** `concept` (the current draft) or a commit oid on `main`. */
  basis: z
    .string()
    .trim()
    .regex(/^(concept|[0-9a-f]{7,40})$/, { error: 'Kies "concept" of een commit van het concept.' })
    .default('concept')
    .meta({ description: '`concept` (standaard) of een commit van het concept.' }),
  principes: z.array(principleEditSchema, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).min(1, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).max(100),
  /**
   * On whose behalf: `organisatie` (the caller's organisation; the default when they have one) or
   * `persoon` (only a werkgroeplid: for themselves). A vertegenwoordiger always proposes for their organisation.
   */
  namens: z
    .enum(['organisatie', 'persoon'], { error: 'Kies organisatie of persoon.' })
    .optional()
    .meta({ description: 'Namens de eigen organisatie (standaard als u bij een organisatie hoort) of alleen namens uzelf (alleen een werkgroeplid).' }),
});

export const reviseSchema = z.object({
  principes: z.array(principleEditSchema).min(1, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).max(100),
  verwachteRevisie: revisie,
  opConcept: z.boolean().optional().meta({ description: 'De tekst is geschreven tegen het huidige concept (conflicten opgelost).' }),
  /**
   * With `opConcept`: the draft commit the client's text was written against. If the draft moved
   * since, the text would silently undo the newer draft's changes, so that is a 409 (stale head).
   */
  verwachtConcept: z
    .string()
    .regex(/^[0-9a-f]{40}$/, { error: 'Een volledige commit-id van 40 tekens.' })
    .optional()
    .meta({ description: 'Bij opConcept: het concept waartegen de tekst is geschreven; 409 als het intussen veranderde.' }),
});

/** `{verwachteRevisie}` alone: bring the amendment onto the current draft. */
export const updateSchema = z.object({ verwachteRevisie: revisie });

/**
 * The body of `POST .../revisies` as the description shows it: a new text (`principes`, checked with
 * reviseSchema) or, without `principes`, an update onto the draft (checked with updateSchema).
 */
export const revisionBodySchema = reviseSchema.extend({ principes: reviseSchema.shape.principes.optional() });

export const commentSchema = z.object({
  tekst: z.string({ error: 'Vul uw reactie in.' }).trim().min(1, { error: 'Vul uw reactie in.' }).max(10_000, { error: 'De reactie is te lang.' }),
  anker: z
    .object({ bestand: z.string().max(120), zin: z.string().max(MAX_TEXT) })
    .nullable()
    .optional(),
});

export const reviewSchema = z.object({
  oordeel: z.enum(['akkoord', 'wijzigen'], { error: 'Kies akkoord of wijzigen.' }),
  toelichting: z.string({ error: 'Vul een toelichting in.' }).trim().min(1, { error: 'Vul een toelichting in.' }).max(10_000),
  /** The revision the reviewer read; a review of an older text is refused (409). */
  revisie: revisie.optional(),
});

export const decisionSchema = z.object({
  besluit: z.enum(['overnemen', 'verwerpen'], { error: 'Kies overnemen of verwerpen.' }),
  reden: z
    .string({ error: 'Vul de reden in.' })
    .trim()
    .min(1, { error: 'Vul de reden van het besluit in.' })
    .max(10_000)
    .regex(NO_NUL, { error: 'De reden bevat een ongeldig teken.' }),
  verwachteRevisie: revisie.optional(),
});

export const withdrawSchema = z.object({
  reden: z.string({ error: 'Vul de reden in.' }).trim().min(1, { error: 'Vul de reden in.' }).max(10_000),
});

export const listQuerySchema = z.object({
  status: z
    .enum(AMENDMENT_STATUSES, { error: 'Kies ingediend, overgenomen, verworpen of ingetrokken.' })
    .optional()
    .meta({ description: 'Alleen amendementen met deze status.' }),
  bestand: z
    .string()
    .regex(/^\d{2}-[a-z0-9-]+\.md$/, { error: 'Geen geldig principebestand.' })
    .optional()
    .meta({ description: 'Alleen amendementen die dit principe wijzigen.' }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: 'Aantal per pagina (1 tot 100).' }),
  cursor: z.string().max(200).optional().meta({ description: 'De `volgende` van de vorige pagina.' }),
});

/** `GET .../amendementen/{nummer}/vergelijking?van=&naar=`: two revisions. */
export const revisionCompareQuerySchema = z.object({
  van: refSchema.meta({ description: 'Een revisie (commit).' }),
  naar: refSchema.meta({ description: 'Een revisie (commit).' }),
});

export const amendmentNumberSchema = z.coerce.number({ error: 'Een amendementnummer.' }).int().min(1).max(1_000_000);

// ---- what the API answers ----

const decisionKinds = z.enum(['overgenomen', 'verworpen', 'ingetrokken']);

const reviewJson = z.object({
  id: z.string(),
  door: party,
  oordeel: z.enum(['akkoord', 'wijzigen']),
  toelichting: z.string(),
  revisie: oid,
  geldig: z.boolean().meta({ description: 'De beoordeling geldt voor de huidige wijziging (dezelfde tekstwijziging als die beoordeeld is).' }),
  tijdstip: time,
});

export const amendmentSummarySchema = z
  .object({
    document: z.string(),
    nummer: z.number().int(),
    titel: z.string(),
    toelichting: z.string(),
    status: z.enum(AMENDMENT_STATUSES),
    basis: oid,
    revisie: oid,
    tak: z.string().meta({ examples: ['amendementen/3'] }),
    indiener: party,
    medeIndieners: z.array(z.object({ organisatie: organisationRef, door: z.string(), tijdstip: time })),
    beoordelingen: z.array(reviewJson),
    samenvoegbaar: z.boolean().optional(),
    besluit: z
      .object({ besluit: decisionKinds, reden: z.string(), door: party, tijdstip: time, commit: oid.optional() })
      .nullable(),
    aangemaakt: time,
    gewijzigd: time,
  })
  .meta({ id: 'AmendementSamenvatting' });

const commentJson = z.object({
  id: z.string(),
  door: party,
  tekst: z.string(),
  anker: z
    .object({ bestand: z.string(), zin: z.string(), revisie: oid })
    .nullable()
    .meta({ description: 'De zin (de regel zoals hij toen luidde) in een principebestand van de revisie waarop gereageerd is.' }),
  verouderd: z.boolean().meta({ description: 'De reactie hoort bij een zin die in de huidige revisie niet meer voorkomt (de zin staat in `anker.zin`).' }),
  tijdstip: time,
});

/** The answer to `POST .../reacties`: the new comment. */
export const newCommentSchema = commentJson.omit({ verouderd: true });

const revisionJson = z.object({ commit: oid, basis: oid, soort: z.enum(['voorstel', 'tekst', 'bijwerken']), door: party, tijdstip: time });

const lines = z.array(z.string());

export const amendmentSchema = amendmentSummarySchema
  .extend({
    conflicten: z.array(z.object({ bestand: z.string(), regelBasis: z.number().int(), basis: lines, concept: lines, amendement: lines })),
    bestandsconflicten: z.array(
      z.object({
        bestand: z.string(),
        soort: z.enum(['verwijderd-en-gewijzigd', 'beide-toegevoegd']),
        concept: z.string().nullable(),
        amendement: z.string().nullable(),
        basis: z.string().nullable(),
      }),
    ),
    raaktOok: z.array(z.number().int()),
    geldigeGoedkeuringen: z.number().int(),
    revisies: z.array(revisionJson),
    reacties: z.array(commentJson),
    wijziging: z.object({ gewijzigd: z.boolean(), afgebroken: z.boolean(), principes: z.array(principleComparisonSchema) }),
  })
  .meta({ id: 'Amendement' });

export const amendmentListSchema = listOf(amendmentSummarySchema);
export const revisionListSchema = listOf(revisionJson);

/** The answer to `GET .../vergelijking?van=&naar=` of two revisions. */
export const revisionComparisonSchema = z.object({
  van: z.string(),
  naar: z.string(),
  gewijzigd: z.boolean(),
  afgebroken: z.boolean(),
  principes: z.array(principleComparisonSchema),
});

export type AmendmentSummaryJson = z.output<typeof amendmentSummarySchema>;
export type AmendmentJson = z.output<typeof amendmentSchema>;
