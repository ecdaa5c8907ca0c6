/**
 * Parts shared by the schemas of every area: git ids and times as the API writes them, refs, pages,
 * the error answer. Each shape of the API is described once, as a zod schema in src/schemas: the routes
 * and forms validate with it, TypeScript takes its types from it, and /api/v1/openapi.json is generated
 * from it (src/routes/api/openapi.ts). `.meta()` carries what a reader of the description needs and a
 * parser cannot check (texts, examples, a `format`); `id` names a schema in `components.schemas`.
 */
import { z } from 'zod';

/** A full git object id (commit, tree or blob). */
export const OID = /^[0-9a-f]{40}$/;
export const oid = z.string().regex(OID);

/** A time as the API writes it: UTC ISO-8601 (`Date.toISOString`). */
export const time = z.string().meta({ format: 'date-time' });

/** A ref as a reader may write it: `concept`, a version name (`1.0`, `v1.0`) or a (short) commit oid. */
export const REF = /^(concept|v?\d{1,4}\.\d{1,4}|[0-9a-f]{7,40})$/;
export const refSchema = z
  .string({ error: 'Verplicht: een versie (bijv. 1.0), "concept" of een commit.' })
  .trim()
  .regex(REF, {
    error: 'Geen geldige versie: gebruik een versienaam (bijv. 1.0), "concept" of een commit (7 tot 40 hexadecimale tekens).',
  });

/** The name of a document in paths: `digitale-stad`. */
export const documentSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** A named version in paths and filters: `1.0` or `v1.0`. */
export const VERSION_NAME = /^v?\d{1,4}\.\d{1,4}$/;

const LIMIT_REASON = 'Een geheel getal van 1 tot 100.';

/** Cursor pagination: `limit` 1..100 (default given), `cursor` opaque. */
export function pageSchema(defaultLimit: number) {
  return z.object({
    limit: z.coerce
      .number({ error: LIMIT_REASON })
      .int({ error: LIMIT_REASON })
      .min(1, { error: LIMIT_REASON })
      .max(100, { error: LIMIT_REASON })
      .default(defaultLimit)
      .meta({ description: 'Aantal per pagina (1 tot 100).' }),
    cursor: z.string().max(200, { error: 'Ongeldige cursor.' }).optional().meta({ description: 'De `volgende` van de vorige pagina.' }),
  });
}

/** `volgende` of a page: the cursor of the next page, or null on the last. */
export const nextCursor = z.string().nullable().meta({ description: 'Cursor voor de volgende pagina, of null.' });

/** A page of items with the cursor of the next page. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), volgende: nextCursor });
}

/** Codes as the register stores them: upper-case letters, digits and hyphens (`GM0363`, `BE-ANTWERPEN`, `VNG`). */
export const ORGANISATION_CODE = /^[A-Z0-9-]{2,20}$/;

/** An organisation as others refer to it. */
export const organisationRef = z.object({ code: z.string(), naam: z.string() });

/** Who acted, as the API shows it: the name and the organisation they acted for (never the account id). */
export const party = z.object({ naam: z.string(), organisatie: organisationRef.nullable() });

/** The error answer (problem+json, RFC 9457); `errors` names each field. */
export const problemSchema = z
  .object({
    type: z.string().meta({ format: 'uri' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().meta({ description: 'Stabiele code van de fout, bijv. `not_found`.' }),
    errors: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'Gegevens bij de fout, bijv. `retryAfterSeconds` bij 429 of het veld van een conflict.' }),
  })
  .meta({ id: 'Probleem', description: 'Foutmelding volgens RFC 9457 (application/problem+json).' });
