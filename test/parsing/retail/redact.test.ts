import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../../src/parsing/retail/llm.js';

const HOLDER = { name: 'Åsa Lindqvist-Öberg', email: 'asa.lindqvist@example.se' };

/** Each value must be gone from the redacted text. */
function gone(text: string, secrets: string[], holder?: typeof HOLDER): string {
  const t = redact(text, holder);
  for (const s of secrets) assert.ok(!t.includes(s), `"${s}" survives in: ${t}`);
  return t;
}

describe('redaction before any LLM call', () => {
  it('Swedish personnummer and samordningsnummer, with or without century and separator', () => {
    // Valid check digits: 811218-9876 (Luhn), 701063-2391 (samordningsnummer: day 63 = 3rd + 60).
    for (const id of ['811218-9876', '19811218-9876', '8112189876', '198112189876', '811218+9876', '701063-2391', '19701063-2391', '7010632391'])
      gone(`Kund: ${id}, tack!`, [id, id.slice(-4)]);
    // Labelled, a wrong check digit is redacted too.
    gone('Personnummer: 811218-9870', ['811218-9870']);
  });

  it("the account holder's own name and email address, whole words, any case", () => {
    const t = gone('Hej Åsa Lindqvist-Öberg! Kvitto till ÅSA, kopia till asa.lindqvist@example.se (asa.lindqvist).', ['Åsa', 'ÅSA', 'Lindqvist-Öberg', 'asa.lindqvist'], HOLDER);
    assert.match(t, /Hej \[NAME\]!/);
    // Not a part of another word.
    assert.ok(redact('Asaka Sushi', { name: 'Asa Berg' }).includes('Asaka Sushi'));
  });

  it('IBAN (checksum-valid, grouped or not) and Swedish bank account numbers', () => {
    for (const iban of ['SE45 5000 0000 0583 9825 7466', 'SE4550000000058398257466', 'NO93 8601 1117 947', 'DK50 0040 0440 1162 43', 'FI21 1234 5600 0007 85', 'DE89 3704 0044 0532 0130 00'])
      gone(`Betala till ${iban} BIC ESSESESS`, [iban, iban.slice(-4)]);
    for (const account of ['8327-9, 123 456 789-0', '6000-123456789', '3300-8112189876'])
      gone(`Återbetalning till ${account}.`, [account]);
    for (const labelled of ['Kontonummer: 1234 56 78901', 'Bankkonto 5123-12 345 67', 'Account number: 12345678', 'Clearingnummer 8327-9'])
      gone(labelled, [labelled.replace(/^\D+/, '')]);
  });

  it('Nordic phone numbers, international and national', () => {
    for (const phone of ['+46 70 123 45 67', '+46701234567', '0046 8 123 456 78', '070-123 45 67', '08-123 456 78', '0701234567', '+47 912 34 567', '912 34 567', '22 12 34 56', '+45 12 34 56 78', '+358 40 123 4567', '040 123 4567', '09 1234 5678'])
      gone(`Ring oss på ${phone} idag`, [phone]);
    gone('Tlf: 12345678', ['12345678']);
  });

  it('Nordic postcodes with their towns, and card numbers', () => {
    for (const [addr, secret] of [
      ['Storgatan 12, 114 51 Stockholm', '114 51'],
      ['Box 7, SE-114 51 Stockholm', '114 51'],
      ['Karl Johans gate 22, 0159 Oslo', '0159'],
      ['Vesterbrogade 3, 1620 København V', '1620'],
      ['Mannerheimintie 5, 00100 Helsinki', '00100'],
      ['Leveransadress:\n41263 Göteborg', '41263'],
      ['NO-5003 Bergen', '5003'],
    ] as const)
      gone(addr, [secret]);
    gone('Visa 4111 1111 1111 1111, Mastercard **** 4444', ['4111', '4444']);
  });

  it('keeps amounts, dates and order numbers', () => {
    const text = [
      'Order #112-1234567-7654321, ordernummer 4711-2024, booking NR48213, Bestellnummer 302-5566778-1234567',
      'Datum 2024-03-15 14:02, 15.03.2024, 03/15/2024, 12. August 2020, 3 februari 2024, March 3, 2024 Order placed',
      'Totalt 1 234,50 kr, Summe 1.171.806,70 €, Razem 48,24 zł, Celkem Kč 341, kr 1 999,-, $1,234.56, Total: 12.00 USD',
      'Moms 25%: 246,90 SEK, 2 st à 49,00, Qty 3, Invoice 2024-0012345, Faktura 20240315',
    ].join('\n');
    const t = redact(text, HOLDER);
    for (const keep of [
      '112-1234567-7654321', '4711-2024', 'NR48213', '302-5566778-1234567', '2024-03-15 14:02', '15.03.2024', '03/15/2024', '12. August 2020',
      '3 februari 2024', 'March 3, 2024 Order', '1 234,50 kr', '1.171.806,70 €', '48,24 zł', 'Kč 341', 'kr 1 999,-', '$1,234.56', '12.00 USD',
      '246,90 SEK', '49,00', '2024-0012345', '20240315',
    ])
      assert.ok(t.includes(keep), `"${keep}" was lost in: ${t}`);
  });

  it('stays linear on hostile input (long runs of digits, separators, letters)', () => {
    for (const hostile of ['1'.repeat(50_000), '1 '.repeat(25_000), '0-'.repeat(25_000), 'SE45'.repeat(12_000), '+4'.repeat(25_000), 'tel '.repeat(12_000) + '1', ', 1234'.repeat(8_000), 'A1 '.repeat(15_000), 'a'.repeat(50_000), 'a-'.repeat(25_000), 'ab.'.repeat(16_000), '12 '.repeat(16_000)]) {
      const started = performance.now();
      redact(hostile, HOLDER);
      const ms = performance.now() - started;
      assert.ok(ms < 1_000, `${JSON.stringify(hostile.slice(0, 8))}… took ${Math.round(ms)} ms`);
    }
  });
});
