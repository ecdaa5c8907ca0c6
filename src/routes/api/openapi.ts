/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json, generated from the zod
 * schemas the routes validate with (src/schemas) and the table of operations (operations.ts) with
 * `z.toJSONSchema`. It is built once per process. Schemas with an `id` (`.meta({ id })`) become
 * `components.schemas`; the rest is written where it is used.
 *
 * The schemas describe what a client sends (`io: 'input'`: a field with a default is optional, a
 * transform shows what it accepts). Answers are described by schemas without transforms, for which
 * input and output are the same.
 */
import { z } from 'zod';
import { problemSchema } from '../../schemas/common.js';
import { ALSO_NAMED, OPERATIONS, type Answer, type Errors, type Operation, type Tag } from './operations.js';

export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

const TAGS: Record<Tag, string> = {
  API: 'Over de API',
  Documenten: 'Documenten met principes',
  Versies: 'Versies, geschiedenis en vergelijkingen',
  Amendementen: 'Voorstellen tot wijziging, met bespreking, beoordeling en besluit',
  Accounts: 'Tokens, accounts en het auditlogboek',
  Organisaties: 'Gemeenten en andere organisaties',
  Onderschrijvingen: 'Onderschrijvingen van versies door organisaties, als open data en controleerbaar',
};

const versionHeader = { 'API-Version': { description: 'De volledige versie van de API.', schema: { type: 'string', example: API_VERSION } } };

const ERROR_TEXTS = {
  '400': 'Ongeldige invoer; `errors` noemt elk veld of elke parameter.',
  '401': 'Niet aangemeld, of het token is verlopen of ingetrokken.',
  '403': 'Niet toegestaan voor deze gebruiker (of CSRF-token ontbreekt).',
  '404': 'Onbekend document, onbekende versie of onbekend pad.',
  '409': 'Conflict met de huidige toestand.',
  '413': 'Verzoek groter dan 1 MB.',
  '415': 'Geen application/json.',
  '429': 'Te veel verzoeken.',
  '500': 'Interne fout.',
} as const;
type ErrorCode = keyof typeof ERROR_TEXTS;

const ERROR_CODES: Record<Errors['kind'], readonly ErrorCode[]> = {
  read: ['400', '404', '429', '500'],
  signedIn: ['400', '401', '403', '404', '429', '500'],
  write: ['400', '401', '403', '404', '409', '413', '415', '429', '500'],
};

/** Where a write's texts differ from a read's. */
const WRITE_TEXTS: Partial<Record<ErrorCode, string>> = { '400': 'Ongeldige invoer; `errors` noemt elk veld.', '404': 'Onbekend object.' };

/** Everything a schema is converted for, keyed so that the converted parts can be found again. */
type Parts = Map<string, z.ZodType>;

function partsOf(operations: readonly Operation[]): Parts {
  const parts: Parts = new Map([['Probleem', problemSchema]]);
  ALSO_NAMED.forEach((schema, i) => parts.set(`named.${i}`, schema));
  operations.forEach((op, i) => {
    op.params?.forEach((p) => parts.set(`${i}.param.${p.name}`, p.schema));
    if (op.query) parts.set(`${i}.query`, op.query);
    if (op.body) parts.set(`${i}.body`, op.body);
    if (op.answer.schema) parts.set(`${i}.answer`, op.answer.schema);
    Object.entries(op.answer.media ?? {}).forEach(([type, schema]) => parts.set(`${i}.media.${type}`, schema));
  });
  return parts;
}

/** zod writes `.int()` as the safe-integer range; the description leaves unbounded integers unbounded. */
function dropSafeIntegerBounds(ctx: { jsonSchema: Json }): void {
  const s = ctx.jsonSchema;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
}

/** Converts every part in one pass: named schemas land once in `components`, the rest per part. */
function convert(parts: Parts): { converted: Record<string, Json>; components: Record<string, Json> } {
  const whole = z.object(Object.fromEntries(parts));
  const json = z.toJSONSchema(whole, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw', override: dropSafeIntegerBounds }) as Json;
  const text = JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { properties, $defs } = JSON.parse(text) as { properties: Record<string, Json>; $defs?: Record<string, Json> };
  return { converted: properties, components: $defs ?? {} };
}

/** A part's description belongs to the parameter, the rest of it is the parameter's schema. */
function parameter(name: string, where: 'path' | 'query', schema: Json, required: boolean): Json {
  const { description, ...rest } = schema;
  return { name, in: where, required, ...(description !== undefined ? { description } : {}), schema: rest };
}

function problem(description: string): Json {
  return { description, headers: versionHeader, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } } } };
}

function responses(op: Operation, answer: Answer, converted: Record<string, Json>, index: number): Json {
  const headers: Json = { ...versionHeader };
  if (answer.status === 201) headers.Location = { description: 'Waar het nieuwe object staat.', schema: { type: 'string' } };
  for (const [name, description] of Object.entries(answer.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
  const content: Json = {};
  if (answer.schema) content['application/json'] = { schema: converted[`${index}.answer`] };
  for (const type of Object.keys(answer.media ?? {})) content[type] = { schema: converted[`${index}.media.${type}`] };
  const out: Json = { [String(answer.status)]: { description: answer.description, headers, ...(Object.keys(content).length > 0 ? { content } : {}) } };
  for (const code of ERROR_CODES[op.errors.kind]) {
    const text = op.errors.texts?.[code] ?? (op.errors.kind === 'write' ? WRITE_TEXTS[code] : undefined) ?? ERROR_TEXTS[code];
    out[code] = problem(text);
  }
  return out;
}

function operation(op: Operation, index: number, converted: Record<string, Json>): Json {
  const parameters: Json[] = (op.params ?? []).map((p) => parameter(p.name, 'path', converted[`${index}.param.${p.name}`] ?? {}, true));
  if (op.query) {
    const query = converted[`${index}.query`] ?? {};
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, Json> | undefined) ?? {})) {
      parameters.push(parameter(name, 'query', schema, required.has(name)));
    }
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description !== undefined ? { description: op.description } : {}),
    tags: [op.tag],
    ...(op.signedIn ? { security: [{ bearer: [] }, { sessie: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: converted[`${index}.body`] } } } } : {}),
    responses: responses(op, op.answer, converted, index),
  };
}

function build(): Json {
  const { converted, components } = convert(partsOf(OPERATIONS));
  const paths: Record<string, Json> = {};
  OPERATIONS.forEach((op, i) => {
    paths[op.path] = { ...paths[op.path], [op.method]: operation(op, i, converted) };
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Principes voor de digitale stad',
      version: API_VERSION,
      description:
        'Versies, amendementen, onderschrijvingen en vaststelling van de Principes voor de digitale stad. ' +
        'Lezen is openbaar; schrijven vraagt een sessie of een Bearer-token.',
      contact: { name: 'VNG', email: 'info@vng.nl', url: 'https://vng.nl' },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/api/v1', description: 'Deze server' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token van POST /tokens.' },
        sessie: { type: 'apiKey', in: 'cookie', name: 'sessie', description: 'Sessiecookie van de website; schrijven vraagt dan ook de kop X-CSRF-Token.' },
      },
    },
  };
}

let document: Json | undefined;
let body: string | undefined;

/** The description (built on first use, then kept: the schemas do not change while the process runs). */
export function openApiDocument(): Json {
  document ??= build();
  return document;
}

/** The description as the JSON text that is served. */
export function openApiJson(): string {
  body ??= JSON.stringify(openApiDocument());
  return body;
}
