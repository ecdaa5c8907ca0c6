/**
 * The generated OpenAPI description says what the hand-written one said, field by field.
 *
 * `fixtures/openapi-before.json` is `/api/v1/openapi.json` as it was served before the description was
 * generated from the zod schemas in src/schemas. Every path and method of it must still be described
 * with the same operationId, tags, security, parameters, request body and response codes, and every
 * schema in them (and every named component) must say the same after this normalisation:
 *
 * - `$ref`s are followed (a schema may move into or out of `components.schemas`) and `allOf` members that
 *   describe objects are merged into one object (zod writes an extended object out flat);
 * - "may be null" is one flag, however it is written: `type: ['string', 'null']`, `oneOf`/`anyOf` with a
 *   `{type: 'null'}` member, or `null` in an `enum`;
 * - `const: x` is `enum: [x]`; `required` and `enum` are sets; a `pattern` and an `allOf` of patterns are
 *   one list of patterns;
 * - texts (`description`, `summary` of schemas, `title`, `examples`, `example`) and `$schema`/`$id` are not
 *   compared: the generated description may word or illustrate a field differently.
 *
 * Then every keyword the old schema had must be there with the same value (a field removed or renamed,
 * a changed type, enum, format, bound or default fails). The generated schema may add keywords the old one
 * left out: it is then MORE precise (e.g. the properties of items that were only `{type: 'object'}`, a
 * pattern or length the server always enforced), never different. `required` of what a client sends
 * (bodies, parameters) must be the same set; of an answer it may grow (a field that was always sent is
 * now promised). Optional query parameters may be added; a path or method may not be removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { OPERATIONS } from '../../src/routes/api/operations.js';
import { newCommentSchema } from '../../src/schemas/amendments.js';
import { newTokenAnswerSchema } from '../../src/schemas/accounts.js';
import { adminToken, makeUser } from '../helpers/auth.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers/testApp.js';

type Json = Record<string, unknown>;
type Mode = 'request' | 'response';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const TEXT_KEYS = new Set(['description', 'title', 'examples', 'example', '$schema', '$id', '$comment']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const sorted = (values: unknown[]) => [...values].map((v) => JSON.stringify(v)).sort();

function deref(doc: Json, schema: Json, depth: number): Json {
  let s = schema;
  for (let i = 0; typeof s.$ref === 'string' && i < 20; i++) {
    const ref = s.$ref;
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    const target = m ? ((doc.components as Json | undefined)?.schemas as Json | undefined)?.[m[1] ?? ''] : undefined;
    if (!isObject(target)) return { unresolved: ref };
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  if (depth > 40) throw new Error('schema nesting too deep (a cycle?)');
  return s;
}

/** The canonical form described in the file comment. */
export function normalise(doc: Json, input: unknown, depth = 0): Json {
  if (!isObject(input)) return { value: input };
  let s = deref(doc, input, depth);
  const out: Json = {};
  let nullable = false;
  const patterns: string[] = [];

  // allOf: patterns (zod writes several regexes so) and object parts (merged into one object).
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    let merged: Json = { ...rest };
    for (const part of allOf as Json[]) {
      const p = deref(doc, part, depth + 1);
      if (Object.keys(p).every((k) => k === 'pattern')) {
        patterns.push(String(p.pattern));
        continue;
      }
      merged = {
        ...merged,
        ...p,
        properties: { ...((merged.properties as Json | undefined) ?? {}), ...((p.properties as Json | undefined) ?? {}) },
        required: [...new Set([...((merged.required as string[] | undefined) ?? []), ...((p.required as string[] | undefined) ?? [])])],
      };
      if (Object.keys(merged.properties as Json).length === 0) delete merged.properties;
      if ((merged.required as string[]).length === 0) delete merged.required;
    }
    s = merged;
  }

  // One "may be null" flag.
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = s[key];
    if (!Array.isArray(members)) continue;
    const others = (members as Json[]).filter((m) => !(isObject(m) && m.type === 'null' && Object.keys(m).length === 1));
    if (others.length === members.length) continue;
    nullable = true;
    const { [key]: _members, ...rest } = s;
    s = others.length === 1 ? { ...deref(doc, others[0] as Json, depth + 1), ...rest } : { ...rest, [key]: others };
  }
  if (Array.isArray(s.type)) {
    const types = (s.type as string[]).filter((t) => t !== 'null');
    if (types.length < s.type.length) nullable = true;
    s = { ...s, type: types.length === 1 ? types[0] : types.sort() };
  }
  if ('const' in s) {
    const { const: value, ...rest } = s;
    s = { ...rest, enum: [value] };
  }
  if (Array.isArray(s.enum) && s.enum.includes(null)) {
    nullable = true;
    s = { ...s, enum: s.enum.filter((v) => v !== null) };
  }

  for (const [key, value] of Object.entries(s)) {
    if (TEXT_KEYS.has(key)) continue;
    if (key === 'pattern') patterns.push(String(value));
    else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(doc, v, depth + 1)]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) out[key] = normalise(doc, value, depth + 1);
    else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) out.anyOf = value.map((v) => normalise(doc, v, depth + 1));
    else if (key === 'required' || key === 'enum') out[key] = sorted(value as unknown[]);
    else out[key] = value;
  }
  if (patterns.length > 0) out.patterns = patterns.sort();
  if (nullable) out.nullable = true;
  return out;
}

/** Problems where `now` says something other than `before` (see the rules in the file comment). */
export function compareSchemas(before: Json, now: Json, where: string, mode: Mode, problems: string[]): void {
  if (now.unresolved !== undefined) {
    problems.push(`${where}: unresolved ${String(now.unresolved)}`);
    return;
  }
  for (const [key, old] of Object.entries(before)) {
    const at = `${where}.${key}`;
    if (!(key in now)) {
      problems.push(key === 'nullable' ? `${where}: could be null, now cannot` : `${at}: missing (was ${JSON.stringify(old)})`);
      continue;
    }
    const value = now[key];
    if (key === 'properties') {
      const newProps = value as Json;
      for (const [name, schema] of Object.entries(old as Json)) {
        if (!(name in newProps)) problems.push(`${where}: field "${name}" was removed or renamed`);
        else compareSchemas(schema as Json, newProps[name] as Json, `${where}.${name}`, mode, problems);
      }
    } else if (key === 'items' || (key === 'additionalProperties' && isObject(old))) {
      if (isObject(value)) compareSchemas(old as Json, value, at, mode, problems);
      else problems.push(`${at}: was a schema, now ${JSON.stringify(value)}`);
    } else if (key === 'anyOf') {
      const olds = old as Json[];
      const news = value as Json[];
      if (olds.length !== news.length) problems.push(`${at}: ${olds.length} alternatives, now ${news.length}`);
      else olds.forEach((o, i) => compareSchemas(o, news[i] as Json, `${at}[${i}]`, mode, problems));
    } else if (key === 'required') {
      const was = old as string[];
      const is = value as string[];
      const lost = was.filter((r) => !is.includes(r));
      const gained = is.filter((r) => !was.includes(r));
      if (lost.length > 0) problems.push(`${at}: no longer required ${lost.join(', ')}`);
      if (mode === 'request' && gained.length > 0) problems.push(`${at}: a client must now also send ${gained.join(', ')}`);
    } else if (key === 'patterns') {
      const missing = (old as string[]).filter((p) => !(value as string[]).includes(p));
      if (missing.length > 0) problems.push(`${at}: pattern ${missing.join(', ')} is gone (now ${JSON.stringify(value)})`);
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      problems.push(`${at}: was ${JSON.stringify(old)}, now ${JSON.stringify(value)}`);
    }
  }
  if (now.nullable === true && before.nullable !== true) problems.push(`${where}: could not be null, now can`);
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Json;
}

function compareContent(docs: { before: Json; now: Json }, before: Json | undefined, now: Json | undefined, where: string, mode: Mode, problems: string[]): void {
  const oldTypes = Object.keys(before ?? {}).sort();
  const newTypes = Object.keys(now ?? {}).sort();
  if (JSON.stringify(oldTypes) !== JSON.stringify(newTypes)) problems.push(`${where}: media types ${oldTypes.join(', ')}, now ${newTypes.join(', ')}`);
  for (const type of oldTypes) {
    const o = (before?.[type] as Json | undefined)?.schema;
    const n = (now?.[type] as Json | undefined)?.schema;
    if (n === undefined) continue;
    compareSchemas(normalise(docs.before, o), normalise(docs.now, n), `${where} ${type}`, mode, problems);
  }
}

/** Names of the components a request reaches (their `required` is compared as a request's). */
function requestComponents(doc: Json): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      const m = typeof v.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(v.$ref) : null;
      if (m?.[1] !== undefined && !names.has(m[1])) {
        names.add(m[1]);
        visit(((doc.components as Json).schemas as Json)[m[1]]);
      }
      Object.values(v).forEach(visit);
    }
  };
  for (const ops of Object.values(doc.paths as Json)) {
    for (const op of Object.values(ops as Json)) {
      if (!isObject(op)) continue;
      visit(op.requestBody);
      visit(op.parameters);
    }
  }
  return names;
}

/** Every difference between the description before and the one served now, as readable lines. */
export function describeDifferences(before: Json, now: Json): string[] {
  const problems: string[] = [];
  const docs = { before, now };
  for (const key of ['openapi', 'info', 'servers', 'tags'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) problems.push(`${key}: was ${JSON.stringify(before[key])}, now ${JSON.stringify(now[key])}`);
  }
  const oldComponents = before.components as Json;
  const newComponents = now.components as Json;
  if (JSON.stringify(oldComponents.securitySchemes) !== JSON.stringify(newComponents.securitySchemes)) problems.push('components.securitySchemes changed');

  const requestSide = requestComponents(before);
  for (const [name, schema] of Object.entries(oldComponents.schemas as Json)) {
    const generated = (newComponents.schemas as Json)[name];
    if (generated === undefined) {
      problems.push(`components.schemas.${name}: missing`);
      continue;
    }
    compareSchemas(normalise(before, schema), normalise(now, generated), `components.schemas.${name}`, requestSide.has(name) ? 'request' : 'response', problems);
  }

  for (const [p, oldOps] of Object.entries(before.paths as Json)) {
    const newOps = (now.paths as Json)[p] as Json | undefined;
    if (newOps === undefined) {
      problems.push(`${p}: path missing`);
      continue;
    }
    for (const method of METHODS) {
      const o = (oldOps as Json)[method] as Json | undefined;
      const n = newOps[method] as Json | undefined;
      const op = `${method.toUpperCase()} ${p}`;
      if (o === undefined) {
        if (n !== undefined) problems.push(`${op}: added`);
        continue;
      }
      if (n === undefined) {
        problems.push(`${op}: missing`);
        continue;
      }
      for (const key of ['operationId', 'tags', 'security'] as const) {
        if (JSON.stringify(o[key]) !== JSON.stringify(n[key])) problems.push(`${op} ${key}: was ${JSON.stringify(o[key])}, now ${JSON.stringify(n[key])}`);
      }
      // Parameters, by where and name.
      const oldParams = (o.parameters as Parameter[] | undefined) ?? [];
      const newParams = (n.parameters as Parameter[] | undefined) ?? [];
      for (const param of oldParams) {
        const match = newParams.find((x) => x.in === param.in && x.name === param.name);
        const at = `${op} ${param.in} parameter ${param.name}`;
        if (match === undefined) {
          problems.push(`${at}: missing`);
          continue;
        }
        if ((param.required ?? false) !== (match.required ?? false)) problems.push(`${at}: required was ${String(param.required)}, now ${String(match.required)}`);
        compareSchemas(normalise(before, param.schema), normalise(now, match.schema), at, 'request', problems);
      }
      for (const param of newParams) {
        if (!oldParams.some((x) => x.in === param.in && x.name === param.name) && (param.required ?? false)) problems.push(`${op}: a new required parameter ${param.name}`);
      }
      // Request body.
      const oldBody = o.requestBody as Json | undefined;
      const newBody = n.requestBody as Json | undefined;
      if ((oldBody === undefined) !== (newBody === undefined)) problems.push(`${op}: request body ${oldBody === undefined ? 'added' : 'removed'}`);
      else if (oldBody !== undefined && newBody !== undefined) {
        if (oldBody.required !== newBody.required) problems.push(`${op}: request body required was ${String(oldBody.required)}, now ${String(newBody.required)}`);
        compareContent(docs, oldBody.content as Json, newBody.content as Json, `${op} request body`, 'request', problems);
      }
      // Responses: the same codes, media types, headers and schemas.
      const oldResponses = o.responses as Json;
      const newResponses = n.responses as Json;
      const oldCodes = Object.keys(oldResponses).sort();
      const newCodes = Object.keys(newResponses).sort();
      if (JSON.stringify(oldCodes) !== JSON.stringify(newCodes)) problems.push(`${op}: response codes ${oldCodes.join(', ')}, now ${newCodes.join(', ')}`);
      for (const code of oldCodes) {
        const or = oldResponses[code] as Json;
        const nr = newResponses[code] as Json | undefined;
        if (nr === undefined) continue;
        const at = `${op} ${code}`;
        for (const [header, h] of Object.entries((or.headers as Json | undefined) ?? {})) {
          const nh = (nr.headers as Json | undefined)?.[header] as Json | undefined;
          if (nh === undefined) problems.push(`${at}: header ${header} missing`);
          else compareSchemas(normalise(before, (h as Json).schema), normalise(now, nh.schema), `${at} header ${header}`, 'response', problems);
        }
        compareContent(docs, or.content as Json | undefined, nr.content as Json | undefined, at, 'response', problems);
      }
    }
  }
  return problems;
}

const before = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'tests', 'api', 'fixtures', 'openapi-before.json'), 'utf8')) as Json;
let t: TestApp;
let served: Json;

beforeAll(async () => {
  t = await makeTestApp();
  served = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as Json;
});
afterAll(() => t.cleanup());

const clone = (doc: Json): Json => structuredClone(doc);
const schemasOf = (doc: Json) => (doc.components as { schemas: Record<string, Json> }).schemas;
const op = (doc: Json, p: string, method: string) => ((doc.paths as Json)[p] as Json)[method] as Json;
/** The object schema itself, also when it is written as an `allOf` or behind a `$ref`. */
function objectOf(doc: Json, schema: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') s = schemasOf(doc)[s.$ref.replace('#/components/schemas/', '')] as Json;
  if (Array.isArray(s.allOf)) return objectOf(doc, (s.allOf as Json[]).find((m) => m.properties !== undefined || m.$ref !== undefined) as Json);
  return s;
}

describe('the generated openapi.json and the hand-written one it replaces', () => {
  it('describe every path, parameter, body, answer and field alike', () => {
    expect(describeDifferences(before, served)).toEqual([]);
  });

  it('the comparison notices a removed or renamed field, a changed type, nullability or requirement, and a missing path or parameter', () => {
    const changes: [string, (doc: Json) => void][] = [
      ['a field removed', (d) => delete (objectOf(d, schemasOf(d).Onderschrijving as Json).properties as Json).besluit],
      [
        'a field renamed',
        (d) => {
          const props = objectOf(d, schemasOf(d).Organisatie as Json).properties as Json;
          props.nam = props.naam;
          delete props.naam;
        },
      ],
      ['a changed type', (d) => ((objectOf(d, schemasOf(d).Principe as Json).properties as Json).nummer = { type: 'string' })],
      ['a field that may now be null', (d) => ((objectOf(d, schemasOf(d).Gebruiker as Json).properties as Json).naam = { type: ['string', 'null'] })],
      ['a field that may no longer be null', (d) => ((objectOf(d, schemasOf(d).Document as Json).properties as Json).huidigeVersie = { type: 'string' })],
      ['a changed enum', (d) => ((objectOf(d, schemasOf(d).Token as Json).properties as Json).status = { type: 'string', enum: ['actief'] })],
      ['a path removed', (d) => delete (d.paths as Json)['/documenten/{document}/vergelijking']],
      ['a method removed', (d) => delete ((d.paths as Json)['/gebruikers/{id}'] as Json).patch],
      ['a parameter removed', (d) => (op(d, '/documenten/{document}/geschiedenis', 'get').parameters = (op(d, '/documenten/{document}/geschiedenis', 'get').parameters as Parameter[]).filter((p) => p.name !== 'bestand'))],
      ['a response code removed', (d) => delete (op(d, '/tokens/{id}', 'delete').responses as Json)['204']],
      [
        'a request field made required',
        (d) => {
          const body = objectOf(d, ((op(d, '/documenten/{document}/amendementen/{nummer}/reacties', 'post').requestBody as Json).content as Json)['application/json'] as Json);
          const schema = objectOf(d, body.schema as Json);
          schema.required = [...((schema.required as string[] | undefined) ?? []), 'anker'];
        },
      ],
      ['a pattern changed', (d) => ((objectOf(d, schemasOf(d).Organisatie as Json).properties as Json).code = { type: 'string', pattern: '^[A-Z]{2}$' })],
    ];
    for (const [what, change] of changes) {
      const doc = clone(served);
      change(doc);
      expect(describeDifferences(before, doc).length, what).toBeGreaterThan(0);
    }
  });
});

describe('what the API answers', () => {
  it('is what the schemas it is described with say, with no field they leave out', async () => {
    const admin = await adminToken(t);
    const proposer = await makeUser(t, 'werkgroeplid');
    const reviewer = await makeUser(t, 'werkgroeplid');
    const draft = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/concept').expect(200);
    const first = (draft.body.principes as { bestand: string; tekst: string }[])[0];
    const base = '/api/v1/documenten/digitale-stad/amendementen';
    const proposed = await request(t.app)
      .post(base)
      .set('Authorization', `Bearer ${proposer.token}`)
      .send({ titel: 'Voorbeeld', toelichting: 'Om de antwoorden te controleren.', principes: [{ bestand: first?.bestand, tekst: `${first?.tekst ?? ''}Een extra zin.\n` }] })
      .expect(201);
    const nummer = String(proposed.body.nummer);
    const comment = await request(t.app)
      .post(`${base}/${nummer}/reacties`)
      .set('Authorization', `Bearer ${reviewer.token}`)
      .send({ tekst: 'Een reactie.' })
      .expect(201);
    await request(t.app).post(`${base}/${nummer}/beoordelingen`).set('Authorization', `Bearer ${reviewer.token}`).send({ oordeel: 'akkoord', toelichting: 'Goed.' }).expect(201);
    const token = await request(t.app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD, omschrijving: 'Controle' }).expect(201);

    // An answer matches when zod accepts it and keeps every field (zod drops the fields a schema does not name).
    const matches = (schema: { parse: (v: unknown) => unknown }, body: unknown, what: string) => expect(schema.parse(body), what).toEqual(body);
    matches(newCommentSchema, comment.body, 'POST reacties');
    matches(newTokenAnswerSchema, token.body, 'POST /tokens');
    const proposedOp = OPERATIONS.find((o) => o.operationId === 'createAmendement');
    if (proposedOp?.answer.schema) matches(proposedOp.answer.schema, proposed.body, 'POST amendementen');

    const revisie = proposed.body.revisie as string;
    const sample: Record<string, string> = {
      '{document}': 'digitale-stad',
      '{versie}': '1.0',
      '{code}': 'GM0363',
      '{nummer}': nummer,
    };
    const endorsement = t.stores.endorsements.all()[0]?.id ?? '';
    const userId = t.stores.db.data.gebruikers[0]?.id ?? '';
    const query: Record<string, string> = {
      listGeschiedenis: '?weergave=alles',
      getVergelijking: '?van=1.0&naar=concept',
      getRevisieVergelijking: `?van=${revisie}&naar=${revisie}`,
    };
    let checked = 0;
    for (const op of OPERATIONS) {
      if (op.method !== 'get' || op.answer.schema === undefined || op.path === '/openapi.json') continue;
      let url = `/api/v1${op.path}`.replace('/onderschrijvingen/{id}', `/onderschrijvingen/${endorsement}`).replace('/gebruikers/{id}', `/gebruikers/${userId}`);
      for (const [k, v] of Object.entries(sample)) url = url.replace(k, v);
      const res = await request(t.app).get(`${url}${query[op.operationId] ?? ''}`).set('Authorization', `Bearer ${admin}`).expect(200);
      matches(op.answer.schema, res.body, `GET ${op.path}`);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(19);
  });
});
