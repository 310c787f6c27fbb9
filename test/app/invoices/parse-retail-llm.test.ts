import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOpenAiCompatibleReceiptLlm } from '../../../src/adapters/llm/openai-compatible.js';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { createSqliteUsers, usersSchema } from '../../../src/adapters/local/users.js';
import { retailObjectKey } from '../../../src/app/invoices/retail-message.js';
import { parseRetailObject } from '../../../src/app/invoices/parse-retail.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai.js';
import { fixedClock } from '../../support/google.js';
import { memoryObjects } from '../../support/memory.js';

let fake: FakeOpenAi;
before(async () => {
  fake = await startFakeOpenAi({ kind: 'json', answer: { transport_type: 'train' } });
});
after(() => fake.close());

test("the stored receipt's LLM prompt carries neither the account holder's name nor their address", async () => {
  const db = openMemoryDatabase([usersSchema, retailInvoicesSchema]);
  const users = createSqliteUsers(db);
  await users.create({ userId: 'user_7', email: 'Linnea.Holm@example.se', name: 'Linnéa Holm', passwordHash: 'x', createdOn: '2026-01-01', createdAt: '00:00:00.000000' });
  const objects = memoryObjects();
  const key = retailObjectKey('user_7', 'travel', 'nordicrail', '2026-01-20', 'm1');
  const html =
    '<html><body><h1>Nordic Rail</h1><p>Hej Linnéa Holm,</p><p>Booking reference: NR77110</p><p>Sent to linnea.holm@example.se</p>' +
    '<p>Resenär: LINNÉA HOLM</p><p>Total paid 412 kr</p></body></html>';
  await objects.put(key, new TextEncoder().encode(html), 'text/html; charset=utf-8');
  const deps = {
    objects,
    users,
    retailInvoices: createSqliteRetailInvoices(db),
    clock: fixedClock('2026-02-01T00:00:00.000Z'),
    log: silentLogger,
    vendorRules: loadVendorRules(),
    receiptLlm: createOpenAiCompatibleReceiptLlm({ baseUrl: fake.baseUrl, model: 'm', attempts: 1 }),
  };
  const out = await parseRetailObject(deps, key);
  assert.equal(out.status, 'stored');
  assert.equal(fake.requests.length, 1);
  const prompt = fake.requests[0]!.body.messages?.[0]?.content ?? '';
  for (const leak of ['Linnéa', 'LINNÉA', 'Holm', 'HOLM', 'linnea.holm']) assert.ok(!prompt.includes(leak), `prompt leaks ${leak}: ${prompt}`);
  assert.ok(prompt.includes('NR77110') && prompt.includes('412 kr'));
});
