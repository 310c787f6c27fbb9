import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createFileObjects } from '../../../src/adapters/local/objects.js';
import type { ObjectCreatedEvent } from '../../../src/runtime/function.js';

const roots: string[] = [];
const newRoot = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-objects-'));
  roots.push(dir);
  return dir;
};
after(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('file Objects: layout and events', () => {
  test('objects are plain files at <root>/<key>; no temp file stays behind', async () => {
    const root = newRoot();
    const store = createFileObjects({ root });
    await store.put('invoices/user_a/rental/Hyresavi_1.pdf', new TextEncoder().encode('%PDF'), 'application/pdf');
    assert.equal(readFileSync(path.join(root, 'invoices/user_a/rental/Hyresavi_1.pdf'), 'utf8'), '%PDF');
    assert.deepEqual(readdirSync(path.join(root, '.tmp')), []);
    // A store opened later on the same directory reads the sidecar.
    const again = await createFileObjects({ root }).get('invoices/user_a/rental/Hyresavi_1.pdf');
    assert.equal(again!.contentType, 'application/pdf');
  });

  test('put raises an object-created event after the object is readable', async () => {
    const root = newRoot();
    const events: ObjectCreatedEvent[] = [];
    const readable: boolean[] = [];
    const store = createFileObjects({
      root,
      bucket: 'rental-invoices-bucket',
      onCreated: (e) => {
        events.push(e);
        readable.push(existsSync(path.join(root, e.key)));
      },
    });
    await store.put('invoices/user_a/rental/a b.pdf', new Uint8Array(5));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.bucket, 'rental-invoices-bucket');
    assert.equal(events[0]!.key, 'invoices/user_a/rental/a b.pdf');
    assert.equal(events[0]!.size, 5);
    assert.ok(!Number.isNaN(Date.parse(events[0]!.eventTime)));
    assert.deepEqual(readable, [true]);
  });

  test('temporary files of writers that died are removed when the store opens; a live writer\'s stay', () => {
    const root = newRoot();
    const tmp = path.join(root, '.tmp');
    mkdirSync(tmp);
    // A pid far above any real one is a writer that died; the parent test runner is alive.
    for (const name of ['4194305-aa', `${process.ppid}-bb`, 'junk']) writeFileSync(path.join(tmp, name), 'half');
    createFileObjects({ root });
    assert.deepEqual(readdirSync(tmp), [`${process.ppid}-bb`]);
  });

  test('create raises its event only when it wrote, and announces it before the object appears', async () => {
    const root = newRoot();
    const seen: string[] = [];
    const store = createFileObjects({
      root,
      onCreating: (e) => {
        seen.push(`before:${existsSync(path.join(root, e.key))}`);
        return (written) => seen.push(`after:${written}:${existsSync(path.join(root, e.key))}`);
      },
    });
    assert.equal(await store.create('invoices/u/rental/a.pdf', new Uint8Array(1)), true);
    assert.equal(await store.create('invoices/u/rental/a.pdf', new Uint8Array(2)), false);
    assert.deepEqual(seen, ['before:false', 'after:true:true', 'before:true', 'after:false:true']);
    assert.deepEqual(readdirSync(path.join(root, '.tmp')), []);
  });

  test('a refused key raises no event and writes nothing', async () => {
    const root = newRoot();
    const events: ObjectCreatedEvent[] = [];
    const store = createFileObjects({ root, onCreated: (e) => events.push(e) });
    await assert.rejects(store.put('../outside.pdf', new Uint8Array(1)));
    assert.deepEqual(events, []);
    assert.equal(existsSync(path.join(root, '..', 'outside.pdf')), false);
  });

  test('folders removed under an open store (a delete pruning them) are made again by the next write', async () => {
    const root = newRoot();
    const store = createFileObjects({ root });
    await store.put('invoices/u/rental/a.pdf', new Uint8Array(1));
    for (const dir of ['invoices', '.meta', '.tmp']) rmSync(path.join(root, dir), { recursive: true });
    await store.put('invoices/u/rental/b.pdf', new Uint8Array([2]), 'application/pdf');
    assert.equal((await createFileObjects({ root }).get('invoices/u/rental/b.pdf'))?.contentType, 'application/pdf');
    rmSync(path.join(root, 'invoices'), { recursive: true });
    assert.equal(await store.create('invoices/u/rental/c.pdf', new Uint8Array([3])), true);
    assert.equal(await store.create('invoices/u/rental/c.pdf', new Uint8Array([4])), false);
    assert.deepEqual([...(await store.get('invoices/u/rental/c.pdf'))!.body], [3]);
    assert.deepEqual(readdirSync(path.join(root, '.tmp')), []);
  });

  test('concurrent deletes and creates in one folder lose no create', async () => {
    const root = newRoot();
    const store = createFileObjects({ root });
    for (let i = 0; i < 50; i++) {
      await store.put(`invoices/u/rental/old${i}.pdf`, new Uint8Array(1));
      // The delete empties the folder and prunes it while the create writes into it.
      const [, created] = await Promise.all([store.delete(`invoices/u/rental/old${i}.pdf`), store.create(`invoices/u/rental/new${i}.pdf`, new Uint8Array(1))]);
      assert.equal(created, true);
      assert.equal(await store.exists(`invoices/u/rental/new${i}.pdf`), true);
      await store.delete(`invoices/u/rental/new${i}.pdf`);
    }
  });

  test('deletePrefix leaves no empty folders behind', async () => {
    const root = newRoot();
    const store = createFileObjects({ root });
    await store.put('invoices/user_a/rental/a.pdf', new Uint8Array(1));
    await store.put('invoices/user_b/rental/a.pdf', new Uint8Array(1));
    await store.deletePrefix('invoices/user_a/');
    assert.deepEqual(readdirSync(path.join(root, 'invoices')), ['user_b']);
    assert.deepEqual(readdirSync(path.join(root, '.meta', 'invoices')), ['user_b']);
  });
});
