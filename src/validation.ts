/**
 * Input validation with zod, turned into InvalidInput (400) with a Dutch message per field. Shared by
 * the routes (which validate what clients send) and the commands and queries that check their own input.
 * Unknown query parameters are ignored (schemas are not strict for queries).
 */
import { z } from 'zod';
import { InvalidInput, type FieldError } from './errors.js';

z.config(z.locales.nl());

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    name: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    reason: issue.message,
  }));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'De invoer'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error);
    throw new InvalidInput(`${what} is niet geldig: ${errors.map((e) => e.name).join(', ')}.`, errors);
  }
  return result.data;
}

/** A ref as a reader may write it: `concept`, a version name (`1.0`, `v1.0`) or a (short) commit oid. */
export const refSchema = z
  .string({ error: 'Verplicht: een versie (bijv. 1.0), "concept" of een commit.' })
  .trim()
  .regex(/^(concept|v?\d{1,4}\.\d{1,4}|[0-9a-f]{7,40})$/, {
    error: 'Geen geldige versie: gebruik een versienaam (bijv. 1.0), "concept" of een commit (7 tot 40 hexadecimale tekens).',
  });

/** Cursor pagination: `limit` 1..100 (default given), `cursor` opaque. */
export function pageSchema(defaultLimit: number) {
  return z.object({
    limit: z.coerce
      .number({ error: 'Een geheel getal van 1 tot 100.' })
      .int({ error: 'Een geheel getal van 1 tot 100.' })
      .min(1, { error: 'Een geheel getal van 1 tot 100.' })
      .max(100, { error: 'Een geheel getal van 1 tot 100.' })
      .default(defaultLimit),
    cursor: z.string().max(200, { error: 'Ongeldige cursor.' }).optional(),
  });
}
