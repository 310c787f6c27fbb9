/**
 * The PayPulse stack, derived from the manifest and `tableDefinitions(config)`: nothing here
 * names a function. A new manifest entry gets its bundle, role, log group, triggers, DLQ and
 * alarms from its triggers and resources.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinitions, type TableDefinition } from '../src/adapters/aws/tables.js';
import {
  manifest,
  type ChangeFeedTrigger,
  type FunctionSpec,
  type HttpTrigger,
  type ObjectCreatedTrigger,
  type ScheduleTrigger,
  type SecretKey,
  type TableKey,
} from '../src/runtime/manifest.js';
import { policyStatements } from './policies.js';
import type { InfraSettings } from './settings.js';

export interface PayPulseStackProps extends StackProps {
  settings: InfraSettings;
  /** Defaults to the manifest; tests pass variants. */
  functions?: FunctionSpec[];
}

/** CloudFormation logical-id-safe PascalCase of a snake_case name. */
const pascal = (s: string) => s.replace(/(^|[_\-/ ])(\w)/g, (_m, _p, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');

export const API_NAME = 'PayPulseAPI';
export const API_LOG_GROUP = '/aws/apigateway/PayPulseAPI';

export class PayPulseStack extends Stack {
  readonly functions = new Map<string, lambda.Function>();
  readonly tables = new Map<string, dynamodb.ITable>();

  constructor(scope: Construct, id: string, props: PayPulseStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { config } = settings;
    const specs = props.functions ?? manifest;
    const owned = !settings.importExisting;
    const retain = RemovalPolicy.RETAIN;

    // --- tables (docs/data-model.md#tables) -----------------------------------------------------------------
    const defs = tableDefinitions(config);
    const tableOf = (d: TableDefinition): dynamodb.ITable => {
      const id = `Table${pascal(d.subType ?? d.key)}`;
      // PayPulse's own tables are created also on the original's resources (import mode).
      if (!owned && !d.own) {
        return dynamodb.Table.fromTableAttributes(this, id, {
          tableName: d.name,
          ...(d.stream && d.key === 'rentalInvoices' && settings.rentalInvoicesStreamArn
            ? { tableStreamArn: settings.rentalInvoicesStreamArn }
            : {}),
        });
      }
      const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
      const provisioned = d.billing === 'PROVISIONED';
      const table = new dynamodb.Table(this, id, {
        tableName: d.name,
        partitionKey: attr(d.hashKey),
        ...(d.rangeKey ? { sortKey: attr(d.rangeKey) } : {}),
        billingMode: provisioned ? dynamodb.BillingMode.PROVISIONED : dynamodb.BillingMode.PAY_PER_REQUEST,
        ...(provisioned ? { readCapacity: 5, writeCapacity: 5 } : {}),
        ...(d.stream ? { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES } : {}),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: d.pointInTimeRecovery },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        ...(d.ttlAttribute ? { timeToLiveAttribute: d.ttlAttribute } : {}),
        removalPolicy: retain,
      });
      for (const i of d.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: i.name,
          partitionKey: attr(i.hashKey),
          ...(i.rangeKey ? { sortKey: attr(i.rangeKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
          ...(provisioned ? { readCapacity: 1, writeCapacity: 1 } : {}),
        });
      }
      if (provisioned) {
        // docs/data-model.md#tables: 1–10 capacity units at 70 % utilisation, 60 s cooldowns, reads and writes.
        const scaling = { targetUtilizationPercent: 70, scaleInCooldown: Duration.seconds(60), scaleOutCooldown: Duration.seconds(60) };
        table.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization(scaling);
        table.autoScaleWriteCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization(scaling);
      }
      Tags.of(table).add('Environment', 'production');
      return table;
    };
    const tableByKey = new Map<TableKey, { def: TableDefinition; table: dynamodb.ITable }[]>();
    for (const d of defs) {
      const table = tableOf(d);
      this.tables.set(d.name, table);
      tableByKey.set(d.key, [...(tableByKey.get(d.key) ?? []), { def: d, table }]);
    }

    // --- bucket (docs/data-model.md#invoice-bucket) -----------------------------------------------------------------
    // ARNs from the configured name, not from a reference: the bucket's notification
    // configuration depends on the functions, so their policies must not depend on the bucket.
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${config.bucket}`;
    let bucket: s3.IBucket;
    if (owned) {
      bucket = new s3.Bucket(this, 'InvoicesBucket', {
        bucketName: config.bucket,
        versioned: true,
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        lifecycleRules: [{ id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionDays) }],
        removalPolicy: retain,
      });
    } else {
      bucket = s3.Bucket.fromBucketName(this, 'InvoicesBucket', config.bucket);
    }

    // --- secrets (docs/data-model.md#secrets) ------------------------------------------------------------------
    const secretArn = (name: string, exact?: secretsmanager.ISecret) =>
      exact?.secretArn ?? `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${name}-??????`;
    const startupSecrets: Partial<Record<SecretKey, secretsmanager.ISecret>> = {};
    if (owned) {
      // Created empty-handed: the JWT key is generated; the two Google values are set by operators.
      const make = (key: SecretKey, name: string, description: string, generate: boolean) =>
        (startupSecrets[key] = new secretsmanager.Secret(this, `Secret${pascal(key)}`, {
          secretName: name,
          description,
          removalPolicy: retain,
          ...(generate ? { generateSecretString: { passwordLength: 64, excludePunctuation: true } } : {}),
        }));
      make('jwt', config.jwt.secretName, 'PayPulse JWT HMAC key (HS256)', true);
      make('googleClientId', config.secrets.googleClientIdName, 'iOS Google OAuth client id; set by operators', false);
      make('gemini', config.secrets.geminiKeyName, 'Gemini API key; set by operators', false);
    }
    const secretNames: Record<SecretKey, string> = {
      jwt: config.jwt.secretName,
      googleClientId: config.secrets.googleClientIdName,
      gemini: config.secrets.geminiKeyName,
      gmailTokens: config.secrets.gmailTokenPrefix,
    };

    // --- topic (docs/compatibility.md#q5, docs/compatibility.md#d10) -------------------------------------------------------------
    const topic: sns.ITopic = owned
      ? new sns.Topic(this, 'NotificationTopic', { topicName: config.snsTopicName, displayName: 'PayPulse', enforceSSL: true })
      : sns.Topic.fromTopicArn(this, 'NotificationTopic', `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${config.snsTopicName}`);
    for (const [i, s] of settings.subscriptions.entries()) {
      // Each subscription receives only its user's messages (the notifier sets `user_id`).
      new sns.Subscription(this, `Subscription${i}`, {
        topic,
        protocol: s.protocol as sns.SubscriptionProtocol,
        endpoint: s.endpoint,
        filterPolicy: { user_id: sns.SubscriptionFilter.stringFilter({ allowlist: [s.userId] }) },
      });
    }

    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'PayPulse alarms', enforceSSL: true });
    const alarmAction = new cwActions.SnsAction(alarmTopic);

    // --- functions --------------------------------------------------------------------------
    const env = settings.functionEnv;
    const httpApi = new apigw.HttpApi(this, 'HttpApi', { apiName: API_NAME, createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      logGroupName: API_LOG_GROUP,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 5000, rateLimit: 1000 },
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // JSON with HTTP API variables; no headers, so no tokens in the access log.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const notificationTargets: { trigger: ObjectCreatedTrigger; fn: lambda.Function; permission: lambda.CfnPermission }[] = [];

    for (const spec of specs) {
      const id = pascal(spec.name);
      const code = path.join(settings.bundleDir, spec.name);
      if (!existsSync(path.join(code, 'index.mjs'))) {
        throw new Error(`bundle for ${spec.name} missing at ${code}/index.mjs: run \`npm run build\` first`);
      }
      const asyncTriggers = spec.triggers.filter((t) => t.kind === 'objectCreated' || t.kind === 'schedule');
      const streamTriggers = spec.triggers.filter((t): t is ChangeFeedTrigger => t.kind === 'changeFeed');
      const dlq =
        asyncTriggers.length || streamTriggers.length
          ? new sqs.Queue(this, `${id}Failures`, {
              retentionPeriod: Duration.days(14),
              encryption: sqs.QueueEncryption.SQS_MANAGED,
              enforceSSL: true,
            })
          : undefined;

      const logGroup = new logs.LogGroup(this, `${id}Logs`, {
        retention: settings.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new iam.Role(this, `${id}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `PayPulse ${spec.name}: only what its manifest resources need`,
      });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}`] }),
      );
      const statements = policyStatements(spec, {
        tables: (key) =>
          (tableByKey.get(key) ?? []).map(({ def, table }) => ({
            arn: table.tableArn,
            indexes: def.indexes.map((i) => `${table.tableArn}/index/${i.name}`),
          })),
        bucket: bucketArn,
        secret: (key) =>
          key === 'gmailTokens'
            ? `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretNames.gmailTokens}*`
            : secretArn(secretNames[key], startupSecrets[key]),
        topic: topic.topicArn,
      });
      for (const s of statements) role.addToPrincipalPolicy(new iam.PolicyStatement(s));
      // The original's key, read only and only while its sessions are honoured (cut-over window).
      if (config.jwt.legacySecretName && spec.resources.some((r) => r.kind === 'secret' && r.secret === 'jwt')) {
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn(config.jwt.legacySecretName)] }),
        );
      }

      const fn = new lambda.Function(this, id, {
        description: `PayPulse ${spec.name}`,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromAsset(code),
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        environment: {
          ...env,
          POWERTOOLS_SERVICE_NAME: spec.name,
          POWERTOOLS_METRICS_NAMESPACE: 'PayPulse',
          ...(spec.resources.some((r) => r.kind === 'topic') ? { SNS_TOPIC_ARN: topic.topicArn } : {}),
        },
        // Asynchronous invocations (S3, EventBridge): bounded retries, then the failure queue.
        ...(asyncTriggers.length && dlq
          ? { retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(dlq) }
          : {}),
      });
      this.functions.set(spec.name, fn);

      // Any failed invocation, and any event parked in the dead-letter queue, raises an alarm.
      const alarm = (name: string, description: string, metric: cloudwatch.IMetric) =>
        new cloudwatch.Alarm(this, `${id}${name}`, {
          alarmDescription: `${spec.name} ${description}`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }).addAlarmAction(alarmAction);
      alarm('ErrorsAlarm', 'failed invocations', fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
      if (dlq) {
        alarm('FailuresAlarm', 'events dead-lettered', dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
      }

      for (const t of spec.triggers.filter((x): x is HttpTrigger => x.kind === 'http')) {
        httpApi.addRoutes({
          path: t.path,
          methods: [apigw.HttpMethod[t.method]],
          integration: new HttpLambdaIntegration(`${id}${t.method}${pascal(t.path)}`, fn),
        });
      }

      for (const t of spec.triggers.filter((x): x is ObjectCreatedTrigger => x.kind === 'objectCreated')) {
        if (owned) {
          const permission = new lambda.CfnPermission(this, `${id}S3Invoke${pascal(t.suffix)}`, {
            action: 'lambda:InvokeFunction',
            functionName: fn.functionArn,
            principal: 's3.amazonaws.com',
            sourceArn: bucketArn,
            sourceAccount: Aws.ACCOUNT_ID,
          });
          notificationTargets.push({ trigger: t, fn, permission });
        } else {
          // An imported bucket can only be configured through CDK's notification custom resource.
          bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: t.prefix, suffix: t.suffix });
        }
      }

      for (const t of spec.triggers.filter((x): x is ScheduleTrigger => x.kind === 'schedule')) {
        new events.Rule(this, `${id}Schedule${pascal(t.schedule)}`, {
          // The entry tells several schedules of one function apart by this suffix.
          ruleName: `${this.stackName}-${t.schedule}`,
          schedule: events.Schedule.expression(config.schedules[t.schedule]),
          targets: [new eventTargets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(2), deadLetterQueue: dlq })],
        });
      }

      for (const t of streamTriggers) {
        const source = tableByKey.get(t.table)?.[0]?.table;
        if (!source?.tableStreamArn) {
          throw new Error(`${spec.name} consumes the ${t.table} stream, but its ARN is unknown (import mode: set PAYPULSE_RENTAL_STREAM_ARN)`);
        }
        fn.addEventSource(
          new DynamoEventSource(source, {
            startingPosition: lambda.StartingPosition.LATEST,
            batchSize: 10,
            bisectBatchOnError: true,
            retryAttempts: 5,
            maxRecordAge: Duration.hours(24),
            reportBatchItemFailures: true,
            onFailure: new SqsDlq(dlq!),
            filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.or(...t.events) })],
          }),
        );
      }
    }

    if (notificationTargets.length && bucket instanceof s3.Bucket) {
      // Native notification configuration (no custom resource, whose role needs s3:* on "*").
      const cfn = bucket.node.defaultChild as s3.CfnBucket;
      cfn.notificationConfiguration = {
        lambdaConfigurations: notificationTargets.map(({ trigger, fn }) => ({
          event: 's3:ObjectCreated:*',
          function: fn.functionArn,
          filter: {
            s3Key: {
              rules: [
                { name: 'prefix', value: trigger.prefix },
                { name: 'suffix', value: trigger.suffix },
              ],
            },
          },
        })),
      };
      for (const { permission } of notificationTargets) cfn.addResourceDependency(permission);
    }

    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
  }
}
