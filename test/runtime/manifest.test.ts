import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApiDocument } from '../../src/http/openapi.js';
import type { PayPulseFunction } from '../../src/runtime/function.js';
import { loadConfig } from '../../src/config.js';
import { PROJECT_ROOT, documentedRoutes, loadFunction } from '../../src/runtime/local/app.js';
import { httpTriggers, manifest } from '../../src/runtime/manifest.js';

test('every function in the manifest has a unique name, an entry module and a handler per trigger kind', async () => {
  const names = new Set<string>();
  for (const fn of manifest) {
    assert.ok(!names.has(fn.name), `duplicate ${fn.name}`);
    names.add(fn.name);
    assert.ok(existsSync(path.join(PROJECT_ROOT, fn.entry)), `${fn.name}: ${fn.entry} missing`);
    const mod = await loadFunction<PayPulseFunction>(fn);
    for (const t of fn.triggers) {
      assert.equal(typeof mod[t.kind === 'http' ? 'http' : t.kind], 'function', `${fn.name} lacks a ${t.kind} handler`);
    }
    assert.ok(fn.memoryMb >= 128 && fn.timeoutSeconds > 0 && fn.timeoutSeconds <= 900);
  }
});

test('no two HTTP routes share a method and path, and every route is under /v1', () => {
  const seen = new Set<string>();
  for (const { trigger } of httpTriggers()) {
    const k = `${trigger.method} ${trigger.path}`;
    assert.ok(!seen.has(k), `duplicate route ${k}`);
    seen.add(k);
    assert.match(trigger.path, /^\/v1\//);
  }
});

test('the OpenAPI document describes every HTTP route with its operation id', async () => {
  const doc = openApiDocument(await documentedRoutes(), loadConfig({}));
  for (const { fn, trigger } of httpTriggers()) {
    const op = (doc.paths[trigger.path] as Record<string, { operationId: string }> | undefined)?.[trigger.method.toLowerCase()];
    assert.equal(op?.operationId, fn.name, `${trigger.method} ${trigger.path}`);
  }
});
