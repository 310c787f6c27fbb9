/** Real event shapes as AWS delivers them to Lambda, for tests of the entries and bundles. */
import { marshall } from '@aws-sdk/util-dynamodb';

export function apiGatewayEvent(opts: {
  method: string;
  path: string;
  routeKey?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  cookies?: string[];
}) {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: opts.routeKey ?? `${opts.method} ${opts.path}`,
    rawPath: opts.path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    ...(opts.cookies ? { cookies: opts.cookies } : {}),
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...(opts.headers ?? {}) },
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: opts.method, path: opts.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'PayPulse/1 CFNetwork' },
      requestId: `req-${now}`,
      routeKey: opts.routeKey ?? `${opts.method} ${opts.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: opts.isBase64Encoded ?? false,
  };
}

export function s3Event(bucket: string, rawKeys: string[], eventName = 'ObjectCreated:Put') {
  return {
    Records: rawKeys.map((key, i) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-01-12T07:45:10.221Z',
      eventName,
      userIdentity: { principalId: 'AWS:AROAEXAMPLE' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      responseElements: { 'x-amz-request-id': `R${i}`, 'x-amz-id-2': 'id2' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'notification',
        bucket: { name: bucket, ownerIdentity: { principalId: 'A' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key, size: 1024, eTag: 'etag', versionId: 'v1', sequencer: `00${i}` },
      },
    })),
  };
}

export function streamRecord(opts: {
  table: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  seq: string;
  keys: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}) {
  return {
    eventID: `ev-${opts.seq}`,
    eventName: opts.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: 1768204000,
      Keys: marshall(opts.keys),
      ...(opts.newImage ? { NewImage: marshall(opts.newImage) } : {}),
      ...(opts.oldImage ? { OldImage: marshall(opts.oldImage) } : {}),
      SequenceNumber: opts.seq,
      SizeBytes: 256,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:eu-west-1:123456789012:table/${opts.table}/stream/2026-01-01T00:00:00.000`,
  };
}

export function scheduledEvent(ruleName: string, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-01-12T08:30:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:events:eu-west-1:123456789012:rule/${ruleName}`],
    detail: {},
    ...extra,
  };
}

export function lambdaContext(functionName: string) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `aws-req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
  };
}
