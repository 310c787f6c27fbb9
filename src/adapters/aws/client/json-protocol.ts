import type { ErrorReader, Service } from './transport.js';

/**
 * The AWS JSON protocol (DynamoDB: 1.0, Secrets Manager: 1.1): a POST to `/` naming the
 * operation in `X-Amz-Target`; errors carry their type in `__type` or `X-Amzn-ErrorType`.
 */
export const readJsonError: ErrorReader = (res) => {
  let body: { __type?: string; message?: string; Message?: string } = {};
  try {
    body = JSON.parse(res.body.toString('utf8') || '{}');
  } catch {
    // not JSON (a proxy's page): the status names the error
  }
  const type = body.__type ?? String(res.headers['x-amzn-errortype'] ?? '').split(':')[0] ?? '';
  return { code: type.slice(type.lastIndexOf('#') + 1), message: body.message ?? body.Message ?? '' };
};

export async function jsonCall(service: Service, version: '1.0' | '1.1', target: string, input: unknown, replacer?: (this: unknown, k: string, v: unknown) => unknown): Promise<string> {
  const res = await service.send(
    {
      method: 'POST',
      headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
      body: JSON.stringify(input, replacer as never),
    },
    readJsonError,
  );
  return res.body.toString('utf8');
}
