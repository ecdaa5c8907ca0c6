/**
 * Input validation with zod, turned into InvalidInput (400) with a Dutch message per field. Shared by
 * the routes (which validate what clients send) and the commands and queries that check their own input.
 * Unknown query parameters are ignored (schemas are not strict for queries).
 *
 * Every text that enters must be well-formed Unicode: a string with a lone UTF-16 surrogate (JSON can
 * carry one as `"\ud800"`) is refused here, with the field named, before any schema or command sees it.
 * Accepting it would store text that differs by where it is read: git keeps UTF-8, which turns the
 * surrogate into U+FFFD, while JSON files and memory keep the surrogate itself.
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

/** What a client sent, with the schema it must satisfy and the Dutch name of the whole for messages. */
export interface Body<S extends z.ZodType> {
  schema: S;
  input: unknown;
  what: string;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'De invoer'): z.infer<S> {
  const illFormed = illFormedTextFields(input);
  const result = schema.safeParse(input);
  if (illFormed.length > 0 || !result.success) {
    const flagged = new Set(illFormed.map((e) => e.name));
    const errors = [...illFormed, ...(result.success ? [] : fieldErrors(result.error).filter((e) => !flagged.has(e.name)))];
    throw new InvalidInput(`${what} is niet geldig: ${errors.map((e) => e.name).join(', ')}.`, errors);
  }
  return result.data;
}

/** In unicode mode a surrogate pair is one code point, so this matches only unpaired surrogates. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export const ILL_FORMED_TEXT = 'Bevat een ongeldig teken (een losse UTF-16-surrogaat, geen geldige Unicode). Verwijder het teken of typ de tekst opnieuw.';

/** Every string (and object key) in `input` that is not well-formed Unicode, named by its path like zod names fields. */
export function illFormedTextFields(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const name = (path: readonly string[]) => (path.length > 0 ? path.join('.') : '(body)');
  const visit = (value: unknown, path: string[], depth: number): void => {
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) errors.push({ name: name(path), reason: ILL_FORMED_TEXT });
      return;
    }
    // JSON bodies are at most 1 MB, but nesting is unbounded: stop where no schema of ours reaches.
    if (typeof value !== 'object' || value === null || depth > 32) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, String(i)], depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      const keyName = LONE_SURROGATE.test(key) ? key.replace(new RegExp(LONE_SURROGATE.source, 'gu'), '\uFFFD') : key;
      if (keyName !== key) errors.push({ name: name([...path, keyName]), reason: ILL_FORMED_TEXT });
      else visit(item, [...path, key], depth + 1);
    }
  };
  visit(input, [], 0);
  return errors;
}
