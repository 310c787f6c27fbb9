/**
 * An independent check of a function role against its manifest resources: every statement must
 * name specific actions, and every resource must be one the manifest entry names (its tables and
 * their indexes, the bucket, its secrets, the topic), its own log group, its own failure queue or
 * its stream. `*` is accepted only for actions that have no resource-level permissions.
 */
import type { Config } from '../../src/config.js';
import type { FunctionSpec } from '../../src/runtime/manifest.js';

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
type Res = { Type: string; Properties?: any };
type Tpl = { Resources: Record<string, Res> };

// AWS defines no resource type for these; they can only be granted on "*".
const RESOURCELESS_ACTIONS = new Set(['dynamodb:ListStreams']);

export function normalise(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, any>;
  if (o.Ref) return `{${o.Ref}}`;
  if (o['Fn::GetAtt']) return `{${o['Fn::GetAtt'][0]}.${o['Fn::GetAtt'][1]}}`;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(normalise).join(o['Fn::Join'][0]);
  throw new Error(`cannot normalise ${JSON.stringify(v)}`);
}

export function rolePolicies(t: Tpl, roleId: string): [string, Res & { Properties: any }][] {
  return Object.entries(t.Resources).filter(
    ([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as any[]).some((x) => x.Ref === roleId),
  ) as [string, Res & { Properties: any }][];
}

function idWhere(t: Tpl, type: string, pred: (p: any) => boolean): string | undefined {
  return Object.entries(t.Resources).find(([, r]) => r.Type === type && pred(r.Properties ?? {}))?.[0];
}

export function allowedResources(t: Tpl, spec: FunctionSpec, fnId: string, config: Config): { allowed: Set<string>; required: Set<string> } {
  const fn = t.Resources[fnId]!.Properties;
  const allowed = new Set<string>([`{${fn.LoggingConfig.LogGroup.Ref}.Arn}`]);
  const required = new Set<string>();
  // Its own failure queue, wherever it is wired (async invoke config or stream mapping).
  for (const r of Object.values(t.Resources)) {
    const p = r.Properties ?? {};
    if ((r.Type === 'AWS::Lambda::EventInvokeConfig' || r.Type === 'AWS::Lambda::EventSourceMapping') && p.FunctionName?.Ref === fnId) {
      const dest = p.DestinationConfig?.OnFailure?.Destination;
      if (dest) allowed.add(normalise(dest));
      if (r.Type === 'AWS::Lambda::EventSourceMapping') allowed.add(normalise(p.EventSourceArn));
    }
  }
  for (const r of spec.resources) {
    const add = (s: string) => {
      allowed.add(s);
      required.add(s);
    };
    if (r.kind === 'table') {
      const names = r.table === 'retailDetails' ? Object.values(config.tables.retailDetails) : [config.tables[r.table]];
      for (const name of names) {
        const id = idWhere(t, 'AWS::DynamoDB::Table', (p) => p.TableName === name)!;
        add(`{${id}.Arn}`);
        if (r.indexes) {
          for (const g of t.Resources[id]!.Properties.GlobalSecondaryIndexes ?? []) allowed.add(`{${id}.Arn}/index/${g.IndexName}`);
        }
      }
    } else if (r.kind === 'bucket') {
      add(`arn:{AWS::Partition}:s3:::${config.bucket}/*`);
      allowed.add(`arn:{AWS::Partition}:s3:::${config.bucket}`);
    } else if (r.kind === 'secret') {
      if (r.secret === 'gmailTokens') {
        add(`arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:${config.secrets.gmailTokenPrefix}*`);
      } else {
        const name = { jwt: config.jwt.secretName, googleClientId: config.secrets.googleClientIdName, gemini: config.secrets.geminiKeyName }[r.secret];
        add(`{${idWhere(t, 'AWS::SecretsManager::Secret', (p) => p.Name === name)}}`);
      }
    } else if (r.kind === 'topic') {
      add(`{${idWhere(t, 'AWS::SNS::Topic', (p) => p.TopicName === config.snsTopicName)}}`);
    }
  }
  return { allowed, required };
}

/** One message per offending statement, plus one per manifest resource the role cannot reach. */
export function leastPrivilegeViolations(t: Tpl, spec: FunctionSpec, fnId: string, config: Config): string[] {
  const roleId = t.Resources[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
  const role = t.Resources[roleId]!.Properties;
  const out: string[] = [];
  if (role.ManagedPolicyArns?.length) out.push('managed policies attached');
  if (role.Policies?.length) out.push('inline role policies');
  const { allowed, required } = allowedResources(t, spec, fnId, config);
  const reached = new Set<string>();
  for (const [, policy] of rolePolicies(t, roleId)) {
    for (const s of policy.Properties.PolicyDocument.Statement as Statement[]) {
      const actions = [s.Action].flat();
      const resources = [s.Resource].flat().map(normalise);
      const problems: string[] = [];
      if (s.Effect !== 'Allow') continue;
      const wild = actions.filter((a) => a.includes('*'));
      if (wild.length) problems.push(`wildcard action ${wild.join(',')}`);
      for (const r of resources) {
        if (r === '*') {
          if (!actions.every((a) => RESOURCELESS_ACTIONS.has(a))) problems.push(`"*" resource for ${actions.join(',')}`);
        } else if (!allowed.has(r)) problems.push(`unneeded resource ${r}`);
        else reached.add(r);
      }
      if (problems.length) out.push(`${spec.name}: ${problems.join('; ')}`);
    }
  }
  for (const r of required) if (!reached.has(r)) out.push(`${spec.name}: manifest resource ${r} not granted`);
  return out;
}
