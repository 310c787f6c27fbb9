/**
 * Synthesises the stack for tests: the manifest plus, for any trigger kind the manifest does not
 * use yet, one fixture function, so every kind of wiring is asserted. Bundles are placeholders
 * (the template does not depend on their content).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadInfraSettings, type InfraSettings } from '../../infra/settings.js';
import { PayPulseStack } from '../../infra/stack.js';
import { manifest, type FunctionSpec, type Trigger } from '../../src/runtime/manifest.js';

const fixtures: Record<Exclude<Trigger['kind'], 'http'>, FunctionSpec> = {
  objectCreated: {
    name: 'fixture_object_created',
    group: 'invoices',
    entry: 'none',
    ports: [],
    triggers: [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' }],
    resources: [
      { kind: 'bucket', access: 'read' },
      { kind: 'table', table: 'rentalInvoices', access: 'write' },
    ],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  changeFeed: {
    name: 'fixture_change_feed',
    group: 'invoices',
    entry: 'none',
    ports: [],
    triggers: [{ kind: 'changeFeed', table: 'rentalInvoices', events: ['INSERT'] }],
    resources: [{ kind: 'topic', access: 'publish' }],
    memoryMb: 128,
    timeoutSeconds: 10,
  },
  schedule: {
    name: 'fixture_schedule',
    group: 'invoices',
    entry: 'none',
    ports: [],
    triggers: [
      { kind: 'schedule', schedule: 'rentalLatest' },
      { kind: 'schedule', schedule: 'retailWeekly' },
    ],
    resources: [
      { kind: 'table', table: 'users', access: 'read' },
      { kind: 'table', table: 'retailDetails', access: 'write' },
      { kind: 'secret', secret: 'gmailTokens', access: 'readwrite' },
      { kind: 'secret', secret: 'googleClientId', access: 'read' },
      { kind: 'bucket', access: 'readwrite+versions' },
    ],
    memoryMb: 512,
    timeoutSeconds: 900,
  },
};

export function testFunctions(): FunctionSpec[] {
  const kinds = new Set(manifest.flatMap((f) => f.triggers.map((t) => t.kind)));
  return [...manifest, ...Object.entries(fixtures).filter(([k]) => !kinds.has(k as Trigger['kind'])).map(([, f]) => f)];
}

export function placeholderBundles(specs: FunctionSpec[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-bundles-'));
  for (const s of specs) {
    mkdirSync(path.join(dir, s.name));
    writeFileSync(path.join(dir, s.name, 'index.mjs'), 'export const handler = async () => {};\n');
  }
  return dir;
}

export function synth(env: Record<string, string> = {}, specs = testFunctions()): {
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties?: any; DependsOn?: string[] }> };
  settings: InfraSettings;
  specs: FunctionSpec[];
} {
  const settings = loadInfraSettings({ PAYPULSE_BUNDLE_DIR: placeholderBundles(specs), ...env });
  const app = new App();
  const stack = new PayPulseStack(app, 'PayPulseTest', { settings, functions: specs });
  const template = Template.fromStack(stack);
  return { template, json: template.toJSON() as any, settings, specs };
}
