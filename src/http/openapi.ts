import * as z from 'zod/mini';
import type { Config } from '../config.js';
import type { FunctionSpec, HttpTrigger } from '../runtime/manifest.js';
import type { Route } from './route.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content (empty body)',
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  413: 'Body larger than 1 MiB',
  429: 'Too many failed attempts',
  500: 'Internal error',
  502: 'A dependency failed',
};

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

/** An HTTP route of the manifest with the schemas its function decodes the request with. */
export interface DocumentedRoute {
  fn: FunctionSpec;
  trigger: HttpTrigger;
  route?: Route;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/** The JSON Schema of what a schema accepts (`input`) or produces (`output`). */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest as JsonSchema;
}

/** Path and query parameters; a path segment the function does not read is documented as a string. */
function parameters(trigger: HttpTrigger, path: JsonSchema | undefined, query: JsonSchema | undefined) {
  const param = (name: string, where: 'path' | 'query', required: boolean, prop: Record<string, unknown> = { type: 'string' }) => {
    const { description, ...schema } = prop;
    return { name, in: where, required, ...(description ? { description } : {}), schema };
  };
  return [
    ...[...trigger.path.matchAll(/\{([^}]+)\}/g)].map((m) => param(m[1]!, 'path', true, path?.properties?.[m[1]!])),
    ...Object.entries(query?.properties ?? {}).map(([name, prop]) => param(name, 'query', query?.required?.includes(name) ?? false, prop)),
  ];
}

/** The OpenAPI 3.1 document of every HTTP route, generated from the schemas each function enforces. */
export function openApiDocument(routes: DocumentedRoute[], config: Config) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { fn, trigger, route } of routes) {
    const s = route?.schemas(config);
    const data = s?.data ? jsonSchema(s.data, 'output') : {};
    const responses: Record<string, unknown> = {};
    for (const status of trigger.successStatus) {
      responses[String(status)] =
        status === 204
          ? { description: STATUS_TEXT[status] }
          : {
              description: STATUS_TEXT[status] ?? 'Success',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['message', 'code', 'data'],
                    properties: { message: { type: 'string' }, code: { type: 'integer', const: status }, data },
                  },
                },
              },
            };
    }
    for (const status of trigger.errorStatus) {
      responses[String(status)] = { description: STATUS_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorEnvelope } } };
    }
    const params = parameters(trigger, s?.path && jsonSchema(s.path), s?.query && jsonSchema(s.query));
    const body = s?.body;
    const mediaTypes = body ? [...(body.form ? ['application/x-www-form-urlencoded'] : []), 'application/json'] : [];
    (paths[trigger.path] ??= {})[trigger.method.toLowerCase()] = {
      operationId: fn.name,
      summary: trigger.summary,
      tags: [fn.group],
      ...(trigger.auth ? { security: [{ bearer: [] }] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(body
        ? {
            requestBody: {
              required: !body.optional,
              content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: jsonSchema(body.schema) }])),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'PayPulse Cloud API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
