import { httpTriggers, type FunctionSpec } from '../runtime/manifest.js';

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

/** The OpenAPI 3.1 document of every HTTP route in the manifest. */
export function openApiDocument(specs?: FunctionSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { fn, trigger } of httpTriggers(specs)) {
    const responses: Record<string, unknown> = {};
    for (const s of trigger.successStatus) {
      responses[String(s)] =
        s === 204
          ? { description: STATUS_TEXT[s] }
          : {
              description: STATUS_TEXT[s] ?? 'Success',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['message', 'code', 'data'],
                    properties: { message: { type: 'string' }, code: { type: 'integer', const: s }, data: trigger.data ?? {} },
                  },
                },
              },
            };
    }
    for (const s of trigger.errorStatus) {
      responses[String(s)] = { description: STATUS_TEXT[s] ?? 'Error', content: { 'application/json': { schema: errorEnvelope } } };
    }
    const params = [...trigger.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = (trigger.query ?? []).map((q) => ({ name: q.name, in: 'query', description: q.description, schema: { type: 'string' } }));
    (paths[trigger.path] ??= {})[trigger.method.toLowerCase()] = {
      operationId: fn.name,
      summary: trigger.summary,
      tags: [fn.group],
      ...(trigger.auth ? { security: [{ bearer: [] }] } : {}),
      ...(params.length + query.length ? { parameters: [...params, ...query] } : {}),
      ...(trigger.body
        ? {
            requestBody: {
              required: trigger.body.required ?? false,
              content: Object.fromEntries(trigger.body.mediaTypes.map((t) => [t, { schema: trigger.body!.schema }])),
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
