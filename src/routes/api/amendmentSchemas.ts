/** zod schemas for amendment input (API and forms share them), with Dutch messages. */
import { z } from 'zod';

const MAX_TEXT = 1024 * 1024;

export const principleEditSchema = z.object({
  bestand: z.string({ error: 'Geef het bestand van het principe, zoals 03-open-en-bekende-technologie.md.' }).trim().max(120),
  tekst: z
    .string({ error: 'Geef de tekst van het principe (Markdown), of null om het te verwijderen.' })
    .max(MAX_TEXT, { error: 'De tekst is te lang (hoogstens 1 MB).' })
    .nullable(),
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
  basis: z
    .string()
    .trim()
    .regex(/^(concept|[0-9a-f]{7,40})$/, { error: 'Kies "concept" of een commit van het concept.' })
    .default('concept'),
  principes: z.array(principleEditSchema, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).min(1, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).max(100),
  namens: z.enum(['organisatie', 'persoon'], { error: 'Kies organisatie of persoon.' }).optional(),
});

export const reviseSchema = z.object({
  principes: z.array(principleEditSchema).min(1, { error: 'Geef ten minste één principe met de nieuwe tekst.' }).max(100),
  verwachteRevisie: revisie,
  opConcept: z.boolean().optional(),
  verwachtConcept: z.string().regex(/^[0-9a-f]{40}$/, { error: 'Een volledige commit-id van 40 tekens.' }).optional(),
});

export const updateSchema = z.object({ verwachteRevisie: revisie });

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
  status: z.enum(['ingediend', 'overgenomen', 'verworpen', 'ingetrokken'], { error: 'Kies ingediend, overgenomen, verworpen of ingetrokken.' }).optional(),
  bestand: z.string().regex(/^\d{2}-[a-z0-9-]+\.md$/, { error: 'Geen geldig principebestand.' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const amendmentNumberSchema = z.coerce.number({ error: 'Een amendementnummer.' }).int().min(1).max(1_000_000);
