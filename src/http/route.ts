/**
 * Schemas at the edge. An HTTP function declares one zod schema per part of the request it reads
 * (path, query, body) and decodes the request with them before its use-case runs; the OpenAPI
 * document is generated from the same schemas (`openapi.ts`), so what is served is what is
 * enforced. zod's `mini` build adds about 30 KB to a Lambda bundle (the classic API about 450 KB).
 */
import * as z from 'zod/mini';
import type { Config } from '../config.js';
import { errors, type AppError } from '../domain/errors.js';
import { bodyText, formObject, isForm, jsonObject } from './body.js';
import type { HttpRequest } from './types.js';

/** Where a value came from; a body part names its media type. */
export type Part = 'path' | 'query' | 'json' | 'form';

/** One failed check, as a route's `invalid` formatter sees it. */
export interface Issue {
  part: Part;
  /** The top-level field, or '' for a rule over the whole part. */
  field: string;
  /** That field's value as received (undefined when absent). */
  value: unknown;
  /** zod's issue code; `custom` is a rule of the route, whose message is the wire message. */
  code: string;
  message: string;
}

type Schema = z.ZodMiniType;

export interface RouteSchemas {
  path?: Schema;
  query?: Schema;
  body?: {
    schema: Schema;
    /** Also accept `application/x-www-form-urlencoded` (else JSON only). */
    form?: boolean;
    /** No body, or only blanks, decodes as `{}`; otherwise its absence is `absent()`. */
    optional?: boolean;
    absent?: () => AppError;
  };
  /** The success envelope's `data`: documented, not checked at run time. */
  data?: Schema;
  /** The one formatter of this route's decoding failures (the spec words them per route). */
  invalid?: (issues: Issue[]) => AppError;
}

export interface Route<S extends RouteSchemas = RouteSchemas> {
  /** The schemas for a configuration (limits such as the password length are settings). */
  schemas(config: Config): S;
}

/** A route's schemas, built once per configuration. */
export function defineRoute<S extends RouteSchemas>(build: (config: Config) => S): Route<S> {
  const built = new WeakMap<Config, S>();
  return {
    schemas(config) {
      let s = built.get(config);
      if (!s) built.set(config, (s = build(config)));
      return s;
    },
  };
}

type Out<T> = T extends Schema ? z.output<T> : undefined;
export interface Decoded<S extends RouteSchemas> {
  path: Out<S['path']>;
  query: Out<S['query']>;
  body: S['body'] extends { schema: infer B } ? Out<B> : undefined;
}

/** Decodes `input` with `schema`, or throws the formatter's error for every issue found. */
export function parse<T extends Schema>(schema: T, input: unknown, part: Part, invalid: (issues: Issue[]) => AppError): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  throw invalid(
    r.error.issues.map((i) => {
      const field = i.path.length ? String(i.path[0]) : '';
      return { part, field, value: field && Object.hasOwn(record, field) ? record[field] : undefined, code: i.code, message: i.message };
    }),
  );
}

/** Path, then query, then body, each with its schema; undeclared parts decode as `undefined`. */
export function decode<S extends RouteSchemas>(route: Route<S>, req: HttpRequest, config: Config): Decoded<S> {
  const s = route.schemas(config);
  const invalid = s.invalid ?? malformed;
  const path = s.path ? parse(s.path, req.pathParameters, 'path', invalid) : undefined;
  const query = s.query ? parse(s.query, req.query, 'query', invalid) : undefined;
  let body: unknown;
  if (s.body) {
    const text = bodyText(req);
    const form = s.body.form === true && isForm(req);
    if (s.body.optional && (text === undefined || text.trim() === '')) body = parse(s.body.schema, {}, 'json', invalid);
    else if (text === undefined && s.body.absent) throw s.body.absent();
    else body = parse(s.body.schema, form ? formObject(text ?? '') : jsonObject(text), form ? 'form' : 'json', invalid);
  }
  return { path, query, body } as Decoded<S>;
}

/** For a route whose spec words no failure: the first one, named. */
const malformed = (issues: Issue[]) => errors.invalidRequest(`Malformed request: ${issues[0]!.field || issues[0]!.part}`);

/** Absent or `null`: what the spec calls a missing key. */
export const isMissing = (i: Issue) => i.value === undefined || i.value === null;

/**
 * A required string: present, not blank, at most `max` UTF-16 units (a bound on what is ever
 * read, below any real limit of the field).
 */
export const requiredText = (max = 1024) => z.string().check(z.maxLength(max), z.regex(/\S/));

/** A rule whose failure message is the wire message (issue code `custom`). */
export const rule = <T>(ok: (v: T) => boolean, message: string) => z.refine<T>(ok, { message });

/**
 * A rule over a whole object, run even when a field failed its own checks (so a rule such as
 * "both or neither" is reported first); `ok` therefore sees the fields as received.
 */
export const objectRule = (ok: (v: Record<string, unknown>) => boolean, message: string) =>
  z.refine<Record<string, unknown>>(ok, { message, when: () => true });
