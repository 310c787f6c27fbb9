/**
 * The Objects contract. `objectsContract` covers single objects; `objectsPrefixContract` covers
 * prefix deletion (registered separately because s3rver implements no ListObjectVersions, see
 * the S3 runner). Each test uses fresh keys, so one store may be shared.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { DependencyError } from '../../src/domain/errors.js';
import { InvalidObjectKeyError } from '../../src/domain/object-key.js';
import type { Objects } from '../../src/ports/objects.js';

type Open = () => Objects | Promise<Objects>;

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const userPrefix = () => `invoices/user_${randomUUID()}/`;

export function objectsContract(open: Open): void {
  test('put then get returns the bytes, the content type and a recent lastModified', async () => {
    const store = await open();
    const key = `${userPrefix()}retail/food-delivery/foodora_2026-01-24_7c01d94e.html`;
    const before = Date.now();
    await store.put(key, bytes('<p>kvitto åäö</p>'), 'text/html');
    const got = await store.get(key);
    assert.ok(got);
    assert.equal(text(got.body), '<p>kvitto åäö</p>');
    assert.equal(got.contentType, 'text/html');
    assert.ok(got.lastModified instanceof Date);
    // S3 keeps whole seconds.
    assert.ok(Math.abs(got.lastModified.getTime() - before) < 60_000);
  });

  test('binary bodies and keys with spaces, & and å round-trip', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/Hyresavi 2025 & mars å.pdf`;
    const body = new Uint8Array(300).map((_, i) => (i * 7) % 256);
    await store.put(key, body);
    assert.deepEqual(new Uint8Array((await store.get(key))!.body), body);
    assert.equal(await store.exists(key), true);
  });

  test('a second put overwrites', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/a.pdf`;
    await store.put(key, bytes('one'));
    await store.put(key, bytes('two'), 'application/pdf');
    const got = await store.get(key);
    assert.equal(text(got!.body), 'two');
    assert.equal(got!.contentType, 'application/pdf');
  });

  test('missing objects: get is undefined, exists is false, delete is harmless', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/none.pdf`;
    assert.equal(await store.get(key), undefined);
    assert.equal(await store.exists(key), false);
    await store.delete(key);
    assert.equal(await store.exists(key), false);
  });

  test('delete removes one object only', async () => {
    const store = await open();
    const p = userPrefix();
    await store.put(`${p}rental/a.pdf`, bytes('a'));
    await store.put(`${p}rental/b.pdf`, bytes('b'));
    await store.delete(`${p}rental/a.pdf`);
    assert.equal(await store.exists(`${p}rental/a.pdf`), false);
    assert.equal(await store.get(`${p}rental/a.pdf`), undefined);
    assert.equal(text((await store.get(`${p}rental/b.pdf`))!.body), 'b');
  });

  test('unsafe keys are refused with InvalidObjectKeyError before anything is touched', async () => {
    const store = await open();
    const refused = (operation: string) => (e: unknown) =>
      e instanceof DependencyError && e.operation === operation && e.cause instanceof InvalidObjectKeyError;
    const bad = ['', '../etc/passwd', 'invoices/../../x', '/etc/passwd', 'invoices/a\0b', 'invoices//a', 'invoices/./a', 'invoices/a/', '.meta/x', 'C:/x', 'a\\..\\b'];
    for (const key of bad) {
      await assert.rejects(store.put(key, bytes('x')), refused('objects.put'), JSON.stringify(key));
      await assert.rejects(store.get(key), refused('objects.get'), JSON.stringify(key));
      await assert.rejects(store.exists(key), refused('objects.exists'), JSON.stringify(key));
      await assert.rejects(store.delete(key), refused('objects.delete'), JSON.stringify(key));
    }
    for (const prefix of ['', '../', '/invoices/', 'invoices/../']) {
      await assert.rejects(store.deletePrefix(prefix), refused('objects.deletePrefix'), JSON.stringify(prefix));
    }
  });
}

export function objectsPrefixContract(open: Open): void {
  test('deletePrefix removes everything under the prefix and nothing else', async () => {
    const store = await open();
    const id = `user_${randomUUID()}`;
    const mine = [`invoices/${id}/rental/a.pdf`, `invoices/${id}/rental/b.pdf`, `invoices/${id}/retail/grocery/x_2026-01-01_00000000.html`];
    // Shares the string `invoices/<id>` but is another user's folder.
    const other = [`invoices/${id}0/rental/a.pdf`, `invoices/user_${randomUUID()}/rental/a.pdf`];
    for (const k of [...mine, ...other]) await store.put(k, bytes(k));
    await store.deletePrefix(`invoices/${id}/`);
    for (const k of mine) {
      assert.equal(await store.exists(k), false, k);
      assert.equal(await store.get(k), undefined, k);
    }
    for (const k of other) assert.equal(text((await store.get(k))!.body), k);
    await store.deletePrefix(`invoices/${id}/`); // nothing left: still fine
  });

  test('deletePrefix removes overwritten and deleted objects too, and the keys can be reused', async () => {
    const store = await open();
    const p = userPrefix();
    await store.put(`${p}rental/a.pdf`, bytes('1'));
    await store.put(`${p}rental/a.pdf`, bytes('2'));
    await store.put(`${p}rental/b.pdf`, bytes('b'));
    await store.delete(`${p}rental/b.pdf`);
    await store.deletePrefix(p);
    assert.equal(await store.exists(`${p}rental/a.pdf`), false);
    await store.put(`${p}rental/a.pdf`, bytes('3'));
    assert.equal(text((await store.get(`${p}rental/a.pdf`))!.body), '3');
  });

  test('deletePrefix with a partial name is a plain string prefix', async () => {
    const store = await open();
    const p = userPrefix();
    await store.put(`${p}rental/Hyresavi_1.pdf`, bytes('1'));
    await store.put(`${p}rental/Hyresavi_2.pdf`, bytes('2'));
    await store.put(`${p}rental/Other.pdf`, bytes('o'));
    await store.deletePrefix(`${p}rental/Hyresavi_`);
    assert.equal(await store.exists(`${p}rental/Hyresavi_1.pdf`), false);
    assert.equal(await store.exists(`${p}rental/Hyresavi_2.pdf`), false);
    assert.equal(await store.exists(`${p}rental/Other.pdf`), true);
  });
}

/**
 * `create` (write only if absent). Registered separately: s3rver 3.7 ignores `If-None-Match` on
 * PUT, so on S3 it runs on the bucket model, which answers 412 as S3 does.
 */
export function objectsCreateContract(open: Open): void {
  test('create writes a free key and refuses a taken one without changing it', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/Hyresavi.pdf`;
    assert.equal(await store.create(key, bytes('october'), 'application/pdf'), true);
    assert.equal(await store.create(key, bytes('november'), 'application/pdf'), false);
    const got = await store.get(key);
    assert.equal(text(got!.body), 'october');
    assert.equal(got!.contentType, 'application/pdf');
  });

  test('create after delete writes again', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/a.pdf`;
    assert.equal(await store.create(key, bytes('one')), true);
    await store.delete(key);
    assert.equal(await store.create(key, bytes('two')), true);
    assert.equal(text((await store.get(key))!.body), 'two');
  });

  test('of many concurrent creates of one key exactly one wins, and its bytes stay', async () => {
    const store = await open();
    const key = `${userPrefix()}rental/Hyresavi.pdf`;
    const won = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(key, bytes(`v${i}`))));
    assert.equal(won.filter(Boolean).length, 1);
    assert.equal(text((await store.get(key))!.body), `v${won.indexOf(true)}`);
  });

  test('create refuses an unsafe key', async () => {
    const store = await open();
    await assert.rejects(
      store.create('invoices/../x.pdf', bytes('x')),
      (e: unknown) => e instanceof DependencyError && e.operation === 'objects.create' && e.cause instanceof InvalidObjectKeyError,
    );
  });
}
