/**
 * The hash-chained audit log: the shape of an entry as the log stores it and the API shows it
 * (`GET /audit`, the endorsement export), and the head file beside the log. src/storage/auditLog.ts
 * checks every line it reads with auditEntrySchema.
 */
import { z } from 'zod';
import type { AuditEntry } from '../domain/auditChain.js';
import { nextCursor, pageSchema } from './common.js';

const HASH = /^[0-9a-f]{64}$/;
const hash = z.string().regex(HASH);

/** One entry of the audit log, exactly as stored (the hash covers all of it). */
export const auditEntrySchema = z
  .object({
    volgnummer: z.number().int(),
    tijdstip: z.string().meta({ format: 'date-time' }),
    actie: z.string(),
    actor: z.object({ id: z.string(), naam: z.string(), rol: z.string().optional(), organisatie: z.string().optional() }),
    object: z.object({ soort: z.string(), id: z.string() }),
    gegevens: z.record(z.string(), z.unknown()).optional(),
    vorigeHash: z.string().meta({ description: 'SHA-256 van de vorige regel (64 nullen voor de eerste).' }),
    hash: z.string().meta({ description: 'SHA-256 van deze regel (canonieke JSON zonder `hash`).' }),
  })
  .meta({ id: 'AuditRegel' }) satisfies z.ZodType<AuditEntry>;

/**
 * Where `value` first differs from an audit entry (e.g. `actor.naam`), or undefined when it is one.
 * Readers keep the value itself, not zod's copy: the hash covers every field the line holds.
 */
export function auditEntryProblem(value: unknown): string | undefined {
  const result = auditEntrySchema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return issue === undefined || issue.path.length === 0 ? 'not an object' : issue.path.map(String).join('.');
}

export function isAuditEntry(value: unknown): value is AuditEntry {
  return auditEntrySchema.safeParse(value).success;
}

/** The head file beside the log (`audit-kop.json`): the number and hash of the newest entry written. */
export const auditHeadSchema = z.object({ volgnummer: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), hash: hash });

/** `GET /audit`: the page asked for. */
export const auditQuerySchema = pageSchema(100);

/** `GET /audit`: a page of entries, oldest first, and the head of the chain. */
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  volgende: nextCursor,
  kop: z.string().nullable(),
});

/** The public export of the chain with the entries about the endorsements of one document. */
export const endorsementAuditExportSchema = z
  .object({
    document: z.string(),
    kop: hash.nullable().meta({ description: 'De hash van de nieuwste vermelding.' }),
    toelichting: z.string(),
    keten: z.array(z.object({ volgnummer: z.number().int(), vorigeHash: hash, hash })),
    vermeldingen: z
      .array(auditEntrySchema)
      .meta({ description: 'Volledige vermeldingen over onderschrijvingen: de hash is te herberekenen over de canonieke JSON zonder `hash`.' }),
  })
  .meta({ id: 'OnderschrijvingenAudit' });
