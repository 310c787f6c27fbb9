import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import type { SubjectKeyword, VendorConfig, Vendors } from '../../ports/vendors.js';

/**
 * The vendor seed of docs/data-model.md#vendorconfig. The seven vendors whose senders and subjects are known are
 * active; the others exist in the original seed but their contents were never read, so they are
 * added inactive and without senders until an operator configures them. Seeding never
 * overwrites a stored vendor.
 */
type Seed = [id: string, name: string, subType: RetailSubtype, senders: string[], subjects: SubjectKeyword[]];

const KNOWN: Seed[] = [
  ['dominos', "Domino's Pizza", 'food-delivery', ['domino@dominos.se'], ['Tack for din beställning']],
  ['foodora', 'Foodora', 'food-delivery', ['info@mail.foodora.se'], ['Orderbekräftelse']],
  ['zalando', 'Zalando', 'clothing', ['info@service-mail.zalando.se'], ['Thanks for your order']],
  ['amazon.com', 'Amazon.com', 'miscellaneous', ['digital-no-reply@amazon.com'], ['Amazon.com order', 'Your Amazon.com order']],
  ['elgiganten', 'Elgiganten', 'technology', ['donotreply@elgiganten.se'], ['Orderbekräftelse']],
  ['ryanair', 'Ryanair', 'travel', ['Itinerary@ryanair.com'], ['Ryanair Travel Itinerary', 'Ryanair reseplan']],
  ['aws', 'Amazon Web Services', 'technology', ['no-reply@tax-and-invoicing.us-east-1.amazonaws.com'], ['Amazon Web Services Billing Statement Available']],
];

/** Sub-types here are our reading of what each business sells. */
const UNCONFIGURED: [string, string, RetailSubtype][] = [
  ['amazon.se', 'Amazon.se', 'miscellaneous'],
  ['anthropic', 'Anthropic', 'subscriptions'],
  ['bus4you', 'Bus4You', 'travel'],
  ['clasohlson', 'Clas Ohlson', 'technology'],
  ['dbrand', 'dbrand', 'technology'],
  ['eurowings', 'Eurowings', 'travel'],
  ['filmstaden', 'Filmstaden', 'miscellaneous'],
  ['flix', 'FlixBus', 'travel'],
  ['fotproffsen', 'Fotproffsen', 'miscellaneous'],
  ['jack&jones', 'Jack & Jones', 'clothing'],
  ['mediamarkt', 'MediaMarkt', 'technology'],
  ['mevlana', 'Mevlana', 'food-delivery'],
  ['liseberg', 'Liseberg', 'miscellaneous'],
  ['omio', 'Omio', 'travel'],
  ['power', 'Power', 'technology'],
  ['saudia_airlines', 'Saudia', 'travel'],
  ['sternglas', 'Sternglas', 'miscellaneous'],
  ['cdon', 'CDON', 'miscellaneous'],
  ['proshop', 'Proshop', 'technology'],
  ['british_airways', 'British Airways', 'travel'],
  ['etihad_airways', 'Etihad Airways', 'travel'],
  ['lufthansa', 'Lufthansa', 'travel'],
  ['qatar_airways', 'Qatar Airways', 'travel'],
  ['turkish_airlines', 'Turkish Airlines', 'travel'],
];

/** Lower-case, no `/` or whitespace: the id becomes part of an object key (docs/data-model.md#invoice-bucket). */
export const VENDOR_ID = /^[a-z0-9][a-z0-9._&+-]*$/;

export function newVendor(
  v: { id: string; name: string; subType: RetailSubtype; senders: string[]; subjects: SubjectKeyword[]; active: boolean; logoUrl?: string },
  nowIso: string,
): VendorConfig {
  if (!VENDOR_ID.test(v.id) || v.id.length > 64) throw new Error(`invalid vendor id '${v.id}': lower-case letters, digits and . _ & + - only`);
  if (!(RETAIL_SUBTYPES as readonly string[]).includes(v.subType)) throw new Error(`invalid sub-type '${v.subType}'`);
  return {
    vendor_id: v.id,
    vendor_name: v.name,
    invoice_category: 'retail',
    invoice_sub_type: v.subType,
    default_email_patterns: v.senders,
    default_subject_keywords: v.subjects,
    parser_type: 'html',
    active: v.active,
    supports_pdf: false,
    supports_html: true,
    logo_url: v.logoUrl ?? '',
    created_at: nowIso,
    updated_at: nowIso,
  };
}

export function seedVendors(nowIso: string): VendorConfig[] {
  return [
    ...KNOWN.map(([id, name, subType, senders, subjects]) => newVendor({ id, name, subType, senders, subjects, active: true }, nowIso)),
    ...UNCONFIGURED.map(([id, name, subType]) => newVendor({ id, name, subType, senders: [], subjects: [], active: false }, nowIso)),
  ];
}

/** Adds every seed vendor that is not stored yet (like the original script: never overwrites). Returns how many were added. */
export async function loadVendorSeed(vendors: Vendors, nowIso: string): Promise<number> {
  let added = 0;
  for (const v of seedVendors(nowIso)) if (await vendors.add(v)) added++;
  return added;
}
