import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { loadConfig, SETTINGS } from '../../src/config.js';
import { PayPulseStack } from '../../infra/stack.js';
import { App } from 'aws-cdk-lib';
import { functionEnvironment, loadInfraSettings } from '../../infra/settings.js';
import type { HttpTrigger, ObjectCreatedTrigger, ScheduleTrigger } from '../../src/runtime/manifest.js';
import { synth } from './template.js';
import { leastPrivilegeViolations, rolePolicies, type Statement } from './least-privilege.js';

const owned = synth();
const { json, template, specs, settings } = owned;
const R = json.Resources;
const ofType = (type: string) => Object.entries(R).filter(([, r]) => r.Type === type);
const fnId = (name: string) => {
  const hit = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description === `PayPulse ${name}`);
  assert.ok(hit, `no Lambda for ${name}`);
  return hit[0];
};

// docs/data-model.md#tables, written out here on purpose (not read from tableDefinitions) so a drift fails.
const S = 'S';
const DATA_TABLES: Record<string, { keys: [string, string?]; gsis?: Record<string, [string, string?]> }> = {
  RentalInvoices: { keys: ['UserID', 'InvoiceID'], gsis: { 'due_date_year-due_date_month-index': ['due_date_year', 'due_date_month'] } },
  Users: { keys: ['UserID'], gsis: { 'Email-index': ['Email'] } },
  RetailInvoices: {
    keys: ['UserID', 'InvoiceID'],
    gsis: { 'invoice_date-index': ['UserID', 'invoice_date'], 'sub_type-invoice_date-index': ['UserID_SubType', 'invoice_date'] },
  },
  FoodDeliveryInvoices: { keys: ['InvoiceID'] },
  ClothingInvoices: { keys: ['InvoiceID'] },
  TechnologyInvoices: { keys: ['InvoiceID'] },
  SubscriptionInvoices: { keys: ['InvoiceID'] },
  GroceryInvoices: { keys: ['InvoiceID'] },
  MiscellaneousUtilityInvoices: { keys: ['InvoiceID'] },
  MiscellaneousInvoices: { keys: ['InvoiceID'] },
  TravelInvoices: { keys: ['InvoiceID'] },
  VendorConfig: { keys: ['vendor_id'] },
};
/** PayPulse's own table (email locks, login counters, notification markers), not the original's. */
const HELPERS = 'PayPulseHelpers';

const keySchema = ([h, r]: [string, string?]) => [
  { AttributeName: h, KeyType: 'HASH' },
  ...(r ? [{ AttributeName: r, KeyType: 'RANGE' }] : []),
];

describe('stack: tables (docs/data-model.md#tables)', () => {
  const tables = ofType('AWS::DynamoDB::Table');
  const byName = new Map(tables.map(([, t]) => [t.Properties.TableName as string, t.Properties]));

  it('has exactly the 12 tables, with their original names, and the helper table', () => {
    assert.deepEqual([...byName.keys()].sort(), [...Object.keys(DATA_TABLES), HELPERS].sort());
    assert.deepEqual(byName.get(HELPERS)!.KeySchema, keySchema(['HelperID']));
  });

  for (const [name, want] of Object.entries(DATA_TABLES)) {
    it(`${name}: keys, GSIs, string attributes, encryption`, () => {
      const p = byName.get(name)!;
      assert.deepEqual(p.KeySchema, keySchema(want.keys));
      const gsis = (p.GlobalSecondaryIndexes ?? []) as any[];
      assert.deepEqual(
        Object.fromEntries(gsis.map((g) => [g.IndexName, g.KeySchema])),
        Object.fromEntries(Object.entries(want.gsis ?? {}).map(([n, k]) => [n, keySchema(k)])),
      );
      for (const g of gsis) assert.equal(g.Projection.ProjectionType, 'ALL');
      for (const a of p.AttributeDefinitions) assert.equal(a.AttributeType, S);
      assert.deepEqual(p.SSESpecification, { SSEEnabled: true });
    });
  }

  it('RentalInvoices: provisioned 5/5 with 1/1 index, NEW_AND_OLD_IMAGES stream, autoscaling 1–10 at 70 %', () => {
    const p = byName.get('RentalInvoices')!;
    assert.deepEqual(p.ProvisionedThroughput, { ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
    assert.deepEqual(p.GlobalSecondaryIndexes[0].ProvisionedThroughput, { ReadCapacityUnits: 1, WriteCapacityUnits: 1 });
    assert.equal(p.StreamSpecification.StreamViewType, 'NEW_AND_OLD_IMAGES');
    template.resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 10 }, 2);
    template.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 70, ScaleInCooldown: 60, ScaleOutCooldown: 60 }) },
      2,
    );
  });

  it('PITR only on RetailInvoices; TTL on the helper table only; every other table is on demand', () => {
    for (const [name, p] of byName) {
      assert.equal(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled, name === 'RetailInvoices', name);
      if (name !== 'RentalInvoices') assert.equal(p.BillingMode, 'PAY_PER_REQUEST', name);
    }
    assert.equal(byName.get('RetailInvoices')!.StreamSpecification.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.deepEqual(byName.get(HELPERS)!.TimeToLiveSpecification, { AttributeName: 'expires_at_epoch', Enabled: true });
    for (const [name, p] of byName) if (name !== HELPERS) assert.equal(p.TimeToLiveSpecification, undefined, name);
  });

  it('table names follow configuration', () => {
    const custom = synth({ USERS_TABLE: 'Users-staging', MISC_INVOICES_TABLE: 'MiscInvoices', HELPERS_TABLE: 'Helpers-staging' }, specs);
    const names = Object.values(custom.json.Resources)
      .filter((r) => r.Type === 'AWS::DynamoDB::Table')
      .map((r) => r.Properties.TableName);
    assert.ok(names.includes('Users-staging') && names.includes('MiscInvoices') && !names.includes('Users'));
    assert.ok(names.includes('Helpers-staging') && !names.includes(HELPERS));
  });
});

describe('stack: bucket, secrets, topic', () => {
  it('bucket: versioned, AES-256, public access blocked, TLS only, noncurrent versions expire', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'rental-invoices-bucket',
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const days = synth({ PAYPULSE_NONCURRENT_VERSION_DAYS: '30' }, specs);
    days.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
    });
  });

  it('secrets by their configured names: JWT key, Google client id, Gemini key', () => {
    const names = ofType('AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name).sort();
    assert.deepEqual(names, ['Google-OAuth-Client-ID', 'PayPulseAppJWTSecret', 'gemini-api-key']);
  });

  it('topic NewInvoiceNotificationTopic; subscriptions filter on user_id (D10)', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'NewInvoiceNotificationTopic', DisplayName: 'PayPulse' });
    const withSub = synth(
      { PAYPULSE_SUBSCRIPTIONS: JSON.stringify([{ userId: 'user_1', protocol: 'email', endpoint: 'ops@example.com' }]) },
      specs,
    );
    withSub.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      FilterPolicy: { user_id: ['user_1'] },
    });
  });
});

describe('stack: functions and triggers', () => {
  it('every function: nodejs22.x, memory and timeout from the manifest, its own role, no managed policies', () => {
    const roles = new Set<string>();
    for (const spec of specs) {
      const p = R[fnId(spec.name)]!.Properties;
      assert.equal(p.Runtime, 'nodejs22.x');
      assert.equal(p.Handler, 'index.handler');
      assert.equal(p.MemorySize, spec.memoryMb, spec.name);
      assert.equal(p.Timeout, spec.timeoutSeconds, spec.name);
      const role = p.Role['Fn::GetAtt'][0] as string;
      assert.ok(!roles.has(role), `${spec.name} shares a role`);
      roles.add(role);
      assert.equal(R[role]!.Properties.ManagedPolicyArns, undefined, `${spec.name} role has managed policies`);
      // Names only in the environment: nothing that looks like a secret value.
      for (const k of Object.keys(p.Environment.Variables)) assert.ok(!/^(JWT_SECRET|GEMINI_API_KEY|LLM_API_KEY|GOOGLE_OAUTH_CLIENT_ID)$/.test(k), k);
    }
  });

  it('HTTP API PayPulseAPI: every route to its function; $default stage throttled 5000/1000 with access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'PayPulseAPI', ProtocolType: 'HTTP' });
    const routes = ofType('AWS::ApiGatewayV2::Route');
    const integrations = new Map(ofType('AWS::ApiGatewayV2::Integration'));
    const http = specs.flatMap((f) => f.triggers.filter((t): t is HttpTrigger => t.kind === 'http').map((t) => ({ f, t })));
    assert.equal(routes.length, http.length);
    for (const { f, t } of http) {
      const route = routes.find(([, r]) => r.Properties.RouteKey === `${t.method} ${t.path}`);
      assert.ok(route, `no route ${t.method} ${t.path}`);
      const integrationId = route[1].Properties.Target['Fn::Join'][1][1].Ref as string;
      const integration = integrations.get(integrationId)!.Properties;
      assert.equal(integration.PayloadFormatVersion, '2.0');
      assert.equal(integration.IntegrationUri['Fn::GetAtt'][0], fnId(f.name));
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 5000, ThrottlingRateLimit: 1000, DetailedMetricsEnabled: true },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/apigateway/PayPulseAPI', RetentionInDays: 30 });
  });

  it('S3 notifications from the objectCreated triggers (prefix + suffix), with invoke permissions', () => {
    const configs = ofType('AWS::S3::Bucket')[0]![1].Properties.NotificationConfiguration.LambdaConfigurations as any[];
    const wanted = specs.flatMap((f) => f.triggers.filter((t): t is ObjectCreatedTrigger => t.kind === 'objectCreated').map((t) => ({ f, t })));
    assert.ok(wanted.length > 0);
    // docs/compatibility.md#q11, once the parsers are in the manifest.
    const filterOf = (name: string) => configs.find((x) => x.Function['Fn::GetAtt'][0] === fnId(name))?.Filter.S3Key.Rules;
    if (specs.some((f) => f.name === 'parse_invoice')) {
      assert.deepEqual(filterOf('parse_invoice'), [{ Name: 'prefix', Value: 'invoices/' }, { Name: 'suffix', Value: '.pdf' }]);
    }
    if (specs.some((f) => f.name === 'parse_retail_invoice')) {
      assert.deepEqual(filterOf('parse_retail_invoice'), [{ Name: 'prefix', Value: 'invoices/' }, { Name: 'suffix', Value: '.html' }]);
    }
    assert.equal(configs.length, wanted.length);
    for (const { f, t } of wanted) {
      const c = configs.find((x) => x.Function['Fn::GetAtt'][0] === fnId(f.name) && x.Filter.S3Key.Rules[1].Value === t.suffix);
      assert.ok(c, `no notification for ${f.name}`);
      assert.equal(c.Event, 's3:ObjectCreated:*');
      assert.deepEqual(c.Filter.S3Key.Rules, [{ Name: 'prefix', Value: t.prefix }, { Name: 'suffix', Value: t.suffix }]);
      const permission = ofType('AWS::Lambda::Permission').find(
        ([, p]) => p.Properties.Principal === 's3.amazonaws.com' && p.Properties.FunctionName['Fn::GetAtt'][0] === fnId(f.name),
      );
      assert.ok(permission, `no S3 invoke permission for ${f.name}`);
      assert.equal(permission[1].Properties.SourceArn['Fn::Join'][1].at(-1), ':s3:::rental-invoices-bucket');
      // S3 validates the destination when the configuration is written: the permission must exist first.
      assert.ok(ofType('AWS::S3::Bucket')[0]![1].DependsOn?.includes(permission[0]));
    }
  });

  it('schedules from configuration (rental cron(30 8 ? * MON-FRI *), retail cron(0 6 ? * MON *))', () => {
    const config = loadConfig({});
    const rules = ofType('AWS::Events::Rule');
    const wanted = specs.flatMap((f) => f.triggers.filter((t): t is ScheduleTrigger => t.kind === 'schedule').map((t) => ({ f, t })));
    assert.ok(wanted.length > 0);
    assert.equal(config.schedules.rentalLatest, 'cron(30 8 ? * MON-FRI *)');
    assert.equal(config.schedules.retailWeekly, 'cron(0 6 ? * MON *)');
    for (const { f, t } of wanted) {
      const rule = rules.find(([, r]) => r.Properties.Name === `PayPulseTest-${t.schedule}`);
      assert.ok(rule, `no rule for ${t.schedule}`);
      assert.equal(rule[1].Properties.ScheduleExpression, config.schedules[t.schedule]);
      const target = rule[1].Properties.Targets[0];
      assert.equal(target.Arn['Fn::GetAtt'][0], fnId(f.name));
      assert.ok(target.DeadLetterConfig?.Arn, 'rule target without DLQ');
      assert.equal(target.RetryPolicy.MaximumRetryAttempts, 2);
    }
  });

  it('change feed: stream mapping with bisect, bounded retries and age, partial batches, on-failure queue, event filter', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    const wanted = specs.filter((f) => f.triggers.some((t) => t.kind === 'changeFeed'));
    assert.ok(wanted.length > 0);
    for (const f of wanted) {
      const m = mappings.find(([, r]) => r.Properties.FunctionName.Ref === fnId(f.name));
      assert.ok(m, `no mapping for ${f.name}`);
      const p = m[1].Properties;
      assert.equal(p.BisectBatchOnFunctionError, true);
      assert.ok(p.MaximumRetryAttempts > 0 && p.MaximumRetryAttempts <= 10);
      assert.ok(p.MaximumRecordAgeInSeconds > 0 && p.MaximumRecordAgeInSeconds <= 86400);
      assert.deepEqual(p.FunctionResponseTypes, ['ReportBatchItemFailures']);
      assert.equal(p.StartingPosition, 'LATEST');
      assert.ok(p.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0].includes('Failures'));
      assert.match(p.EventSourceArn['Fn::GetAtt'][1], /StreamArn/);
      const trigger = f.triggers.find((t) => t.kind === 'changeFeed')!;
      assert.deepEqual(JSON.parse(p.FilterCriteria.Filters[0].Pattern), { eventName: (trigger as any).events });
    }
  });

  it('every asynchronously invoked function: bounded retries and an on-failure queue; alarms on errors and queue depth', () => {
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig');
    const asyncFns = specs.filter((f) => f.triggers.some((t) => t.kind === 'objectCreated' || t.kind === 'schedule'));
    assert.ok(asyncFns.length > 0);
    for (const f of asyncFns) {
      const c = invokeConfigs.find(([, r]) => r.Properties.FunctionName.Ref === fnId(f.name));
      assert.ok(c, `no invoke config for ${f.name}`);
      assert.equal(c[1].Properties.MaximumRetryAttempts, 2);
      const dest = c[1].Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
      assert.equal(R[dest]!.Type, 'AWS::SQS::Queue');
    }
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const f of specs) {
      assert.ok(
        alarms.some((a) => a.MetricName === 'Errors' && a.Dimensions[0].Value.Ref === fnId(f.name) && a.AlarmActions?.length),
        `no error alarm for ${f.name}`,
      );
    }
    for (const [qid] of ofType('AWS::SQS::Queue')) {
      assert.ok(
        alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions[0].Value['Fn::GetAtt'][0] === qid),
        `no depth alarm for ${qid}`,
      );
    }
  });
});

describe('stack: least privilege (D14)', () => {
  for (const spec of specs) {
    it(`${spec.name}: specific actions on only the resources its manifest names`, () => {
      const violations = leastPrivilegeViolations(json, spec, fnId(spec.name), settings.config);
      assert.deepEqual(violations, []);
    });
  }

  it('the check fails on a wildcard action, a wildcard resource and an unneeded resource', () => {
    const spec = specs.find((s) => s.name === 'get_user_profile')!;
    const id = fnId(spec.name);
    const role = R[id]!.Properties.Role['Fn::GetAtt'][0] as string;
    const tampered = structuredClone(json);
    const [, policy] = rolePolicies(tampered, role)[0]!;
    const extra: Statement[] = [
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::rental-invoices-bucket/*' },
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' },
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [tableId(tampered, 'RetailInvoices'), 'Arn'] } },
    ];
    policy.Properties.PolicyDocument.Statement.push(...extra);
    const violations = leastPrivilegeViolations(tampered, spec, id, settings.config);
    assert.equal(violations.length, 3, JSON.stringify(violations));
  });
});

function tableId(t: typeof json, name: string): string {
  return Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::DynamoDB::Table' && r.Properties.TableName === name)![0];
}

describe('stack: migration mode and synthesis guards', () => {
  it('import mode creates none of the original tables, bucket, secrets or topic (only the helper table) and still scopes every role', () => {
    const imported = synth({ PAYPULSE_IMPORT_EXISTING: 'true', PAYPULSE_RENTAL_STREAM_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/RentalInvoices/stream/2025-01-01T00:00:00.000' }, specs);
    for (const type of ['AWS::S3::Bucket', 'AWS::SecretsManager::Secret']) imported.template.resourceCountIs(type, 0);
    imported.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    imported.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: HELPERS,
      TimeToLiveSpecification: { AttributeName: 'expires_at_epoch', Enabled: true },
    });
    imported.template.resourcePropertiesCountIs('AWS::SNS::Topic', { TopicName: 'NewInvoiceNotificationTopic' }, 0);
    const text = JSON.stringify(imported.json);
    assert.ok(text.includes(':table/Users'), 'roles name the existing Users table');
    assert.ok(text.includes('secret:PayPulseAppJWTSecret-??????'), 'roles name the existing JWT secret');
    for (const [, r] of Object.entries(imported.json.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Policy')) {
      for (const s of r.Properties.PolicyDocument.Statement) assert.ok(![s.Action].flat().some((a: string) => a.endsWith('*')), JSON.stringify(s));
    }
  });

  it("cut-over window: the original's JWT secret is read-only to exactly the functions that check sessions, and only when set", () => {
    const legacyArn = 'secret:PayPulseAppJWTSecret-??????';
    const withLegacy = synth({ PAYPULSE_IMPORT_EXISTING: 'true', PAYPULSE_RENTAL_STREAM_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/RentalInvoices/stream/x', JWT_SECRET_NAME: 'PayPulseCloudJWTSecret', LEGACY_JWT_SECRET_NAME: 'PayPulseAppJWTSecret' }, specs);
    const fns = Object.entries(withLegacy.json.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    for (const spec of specs) {
      const [, fn] = fns.find(([, r]) => r.Properties.Description === `PayPulse ${spec.name}`)!;
      const policies = JSON.stringify(rolePolicies(withLegacy.json, fn.Properties.Role['Fn::GetAtt'][0]));
      const checksSessions = spec.resources.some((r) => r.kind === 'secret' && r.secret === 'jwt');
      assert.equal(policies.includes(legacyArn), checksSessions, spec.name);
      assert.equal(fn.Properties.Environment.Variables.LEGACY_JWT_SECRET_NAME, 'PayPulseAppJWTSecret');
      if (checksSessions) {
        const stmt = rolePolicies(withLegacy.json, fn.Properties.Role['Fn::GetAtt'][0])
          .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
          .find((st) => JSON.stringify(st.Resource).includes(legacyArn))!;
        assert.deepEqual(stmt.Action, 'secretsmanager:GetSecretValue', 'read only');
      }
    }
    assert.ok(!JSON.stringify(json).includes('LEGACY_JWT_SECRET_NAME'), 'off by default');
  });

  it('import mode without the stream ARN fails at synthesis when a function consumes the stream', () => {
    if (!specs.some((f) => f.triggers.some((t) => t.kind === 'changeFeed'))) assert.fail('fixture missing');
    assert.throws(() => synth({ PAYPULSE_IMPORT_EXISTING: 'true' }, specs), /PAYPULSE_RENTAL_STREAM_ARN/);
  });

  it('a missing bundle fails synthesis with the command to run', () => {
    const settingsNoBundles = loadInfraSettings({ PAYPULSE_BUNDLE_DIR: '/nonexistent' });
    assert.throws(() => new PayPulseStack(new App(), 'X', { settings: settingsNoBundles, functions: specs }), /npm run build/);
  });

  it('every setting declared for the functions reaches every function, and loadConfig there reads what it reads here', () => {
    // A value other than the default for every such setting (a new setting without one fails here).
    const sample: Record<string, string> = {
      PAYPULSE_MAILBOX: 'gmail', LOG_LEVEL: 'debug', JWT_ISSUER: 'iss2', JWT_AUDIENCE: 'aud2', JWT_TTL_SECONDS: '3600',
      JWT_SECRET_NAME: 'jwt2', BCRYPT_COST: '11', PASSWORD_MAX_LENGTH: '100', LOGIN_WINDOW_SECONDS: '600',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '7', LOGIN_MAX_FAILURES_PER_CLIENT: '70', MAX_BODY_BYTES: '500000',
      USERS_TABLE: 'U2', RENTAL_INVOICES_TABLE: 'R2', RETAIL_INVOICES_TABLE: 'RI2', VENDOR_CONFIG_TABLE: 'V2', HELPERS_TABLE: 'H2',
      LEGACY_JWT_SECRET_NAME: 'legacy-jwt2',
      FOOD_DELIVERY_INVOICES_TABLE: 'F2', CLOTHING_INVOICES_TABLE: 'C2', TECHNOLOGY_INVOICES_TABLE: 'T2', SUBSCRIPTION_INVOICES_TABLE: 'S2',
      GROCERY_INVOICES_TABLE: 'G2', MISC_UTILITY_INVOICES_TABLE: 'MU2', MISC_INVOICES_TABLE: 'M2', TRAVEL_INVOICES_TABLE: 'TR2',
      S3_BUCKET: 'bucket-2', GMAIL_SECRET_PREFIX: 'g2/', GOOGLE_CLIENT_ID_SECRET_NAME: 'gc2', GEMINI_KEY_SECRET_NAME: 'gk2',
      GOOGLE_GMAIL_ROOT_URL: 'https://gmail.example/', GOOGLE_TOKEN_URL: 'https://oauth.example/token',
      GOOGLE_USERINFO_URL: 'https://oauth.example/userinfo', GOOGLE_REVOKE_URL: 'https://oauth.example/revoke',
      GEMINI_BASE_URL: 'https://gemini.example', GEMINI_MODEL: 'gemini-x', LLM_BASE_URL: 'https://llm.example/v1', LLM_MODEL: 'llm-x', EMAIL_SENDER: 'avi@landlord.se', EMAIL_SUBJECT: 'avisering',
      SNS_TOPIC_NAME: 'Topic2',
    };
    const declared = SETTINGS.filter((x) => x.scope === 'functions').map((x) => x.name);
    assert.deepEqual(Object.keys(sample).sort(), [...declared].sort());
    for (const name of declared) assert.notEqual(sample[name], SETTINGS.find((x) => x.name === name)!.default, name);
    const custom = synth(sample, specs);
    const expected = loadConfig(sample);
    for (const spec of specs) {
      const [, fn] = Object.entries(custom.json.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === `PayPulse ${spec.name}`)!;
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      for (const name of declared) assert.equal(vars[name], sample[name], `${spec.name}: ${name}`);
      // Only plain strings reach loadConfig (a CloudFormation reference would be an object).
      const strings = Object.fromEntries(Object.entries(vars).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      assert.deepEqual(loadConfig(strings), expected, spec.name);
    }
    // Secrets, local-only and stack-only settings never reach a function.
    const others = SETTINGS.filter((x) => x.scope !== 'functions').map((x) => x.name);
    const all = synth(Object.fromEntries(others.map((n) => [n, n === 'PORT' || n.startsWith('PARSE_') ? '1000' : n.endsWith('SCHEDULE') ? 'cron(0 1 ? * MON *)' : n === 'PAYPULSE_DATA_DIR' ? '/tmp/x' : 'x'])), specs);
    for (const [, r] of Object.entries(all.json.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      for (const n of others) assert.ok(!(n in r.Properties.Environment.Variables), n);
    }
  });

  it('an OpenAI-compatible LLM endpoint reaches the functions by URL and model; its key never does', () => {
    const env = functionEnvironment({ LLM_BASE_URL: 'https://llm.internal.example/v1', LLM_MODEL: 'qwen2.5:7b', LLM_API_KEY: 'sk-never-in-env' });
    assert.deepEqual(loadConfig(env).llm, { baseUrl: 'https://llm.internal.example/v1', model: 'qwen2.5:7b' });
    assert.ok(!JSON.stringify(env).includes('sk-never-in-env'));
    assert.equal(functionEnvironment({}).LLM_BASE_URL, undefined);
  });
});

