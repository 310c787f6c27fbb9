/**
 * The one derivation of a function's IAM permissions from its manifest `resources`
 * (docs/compatibility.md#d14): only the actions its access needs, only on the resources it names.
 */
import type { FunctionSpec, Resource, SecretKey, TableKey } from '../src/runtime/manifest.js';

export interface Statement {
  actions: string[];
  resources: string[];
}

/** ARNs of the deployment's resources (tokens in the stack, plain strings in tests). */
export interface ResourceArns {
  tables(key: TableKey): { arn: string; indexes: string[] }[];
  bucket: string;
  secret(key: SecretKey): string;
  topic: string;
}

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const SECRET_READ = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
// The token vault creates a user's secret on first store, restores one pending deletion, deletes on erase.
const SECRET_WRITE = ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret', 'secretsmanager:RestoreSecret'];

function statementFor(r: Resource, arns: ResourceArns): Statement[] {
  const reads = r.access !== 'write';
  const writes = r.access !== 'read';
  switch (r.kind) {
    case 'table': {
      const tables = arns.tables(r.table);
      const out: Statement[] = [
        { actions: [...(reads ? TABLE_READ : []), ...(writes ? TABLE_WRITE : [])], resources: tables.map((t) => t.arn) },
      ];
      const indexes = tables.flatMap((t) => t.indexes);
      if (r.indexes && reads && indexes.length) out.push({ actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: indexes });
      return out;
    }
    case 'bucket': {
      const versions = r.access === 'readwrite+versions';
      const objectActions = [
        ...(reads ? ['s3:GetObject'] : []),
        ...(writes ? ['s3:PutObject'] : []),
        ...(r.access === 'readwrite' || versions ? ['s3:DeleteObject'] : []),
        ...(versions ? ['s3:GetObjectVersion', 's3:DeleteObjectVersion'] : []),
      ];
      // ListBucket lets a missing object answer 404 instead of 403, and lists prefixes on delete.
      const bucketActions = [...(reads ? ['s3:ListBucket'] : []), ...(versions ? ['s3:ListBucketVersions'] : [])];
      return [
        { actions: objectActions, resources: [`${arns.bucket}/*`] },
        ...(bucketActions.length ? [{ actions: bucketActions, resources: [arns.bucket] }] : []),
      ];
    }
    case 'secret':
      return [{ actions: [...(reads ? SECRET_READ : []), ...(writes ? SECRET_WRITE : [])], resources: [arns.secret(r.secret)] }];
    case 'topic':
      return [{ actions: ['sns:Publish'], resources: [arns.topic] }];
  }
}

export function policyStatements(spec: FunctionSpec, arns: ResourceArns): Statement[] {
  return spec.resources.flatMap((r) => statementFor(r, arns)).filter((s) => s.actions.length > 0);
}
