import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Vendors } from '../../src/ports/vendors.js';
import { vendor } from '../support/retail.js';

export function vendorsContract(name: string, fresh: () => Promise<Vendors>): void {
  test(`${name}: add never overwrites; get returns sets as arrays and keyword groups as objects`, async () => {
    const s = await fresh();
    const v = vendor('ryanair', 'travel', {
      default_email_patterns: ['Itinerary@ryanair.com', 'a@ryanair.com'],
      default_subject_keywords: ['Ryanair Travel Itinerary', { keywords: ['Ryanair', 'reseplan'], logic: 'AND' }],
    });
    assert.equal(await s.add(v), true);
    assert.equal(await s.add({ ...v, vendor_name: 'changed' }), false);
    const got = await s.get('ryanair');
    assert.equal(got?.vendor_name, 'ryanair');
    assert.deepEqual([...got!.default_email_patterns].sort(), ['Itinerary@ryanair.com', 'a@ryanair.com']);
    assert.deepEqual(got!.default_subject_keywords, ['Ryanair Travel Itinerary', { keywords: ['Ryanair', 'reseplan'], logic: 'AND' }]);
    assert.equal(await s.get('nope'), undefined);
    await s.replace({ ...v, vendor_name: 'Ryanair DAC', default_subject_keywords: [] });
    assert.equal((await s.get('ryanair'))?.vendor_name, 'Ryanair DAC');
    assert.deepEqual((await s.get('ryanair'))?.default_subject_keywords, []);
    assert.equal((await s.list()).length, 1);
  });

  test(`${name}: empty sender and keyword lists survive a round trip`, async () => {
    const s = await fresh();
    await s.add(vendor('british_airways', 'travel', { default_email_patterns: [], default_subject_keywords: [], active: false }));
    const got = await s.get('british_airways');
    assert.deepEqual(got?.default_email_patterns, []);
    assert.deepEqual(got?.default_subject_keywords, []);
    assert.equal(got?.active, false);
  });

  test(`${name}: listActive filters by flag and sub-type; setActive toggles`, async () => {
    const s = await fresh();
    await s.add(vendor('foodora', 'food-delivery'));
    await s.add(vendor('zalando', 'clothing'));
    await s.add(vendor('jack&jones', 'clothing', { active: false }));
    assert.deepEqual((await s.list()).map((v) => v.vendor_id), ['foodora', 'jack&jones', 'zalando']);
    assert.deepEqual((await s.listActive()).map((v) => v.vendor_id), ['foodora', 'zalando']);
    assert.deepEqual((await s.listActive('clothing')).map((v) => v.vendor_id), ['zalando']);
    assert.equal(await s.setActive('jack&jones', true, '2026-02-01T00:00:00.000000+00:00'), true);
    assert.deepEqual((await s.listActive('clothing')).map((v) => v.vendor_id), ['jack&jones', 'zalando']);
    assert.equal((await s.get('jack&jones'))?.updated_at, '2026-02-01T00:00:00.000000+00:00');
    assert.equal(await s.setActive('missing', true, 'x'), false);
    assert.equal(await s.get('missing'), undefined, 'setActive never creates a vendor');
  });
}
