import { round2 } from './money.js';
import type { ExtraFields } from './types.js';

/** Items + fees + tax − discounts should give the total; tax may already be inside the prices. */
export function arithmeticReason(total: number, x: ExtraFields): string | undefined {
  if (!x.items?.length) return undefined;
  const items = round2(x.items.reduce((a, i) => a + i.price * i.quantity, 0));
  const base = items + (x.delivery_fee ?? 0) - (x.discount ?? 0);
  const tolerance = Math.max(0.05, Math.abs(total) * 0.005);
  const candidates = [base, base + (x.tax ?? 0), x.subtotal !== undefined ? x.subtotal + (x.delivery_fee ?? 0) + (x.tax ?? 0) - (x.discount ?? 0) : NaN];
  if (candidates.some((c) => Math.abs(c - total) <= tolerance)) return undefined;
  return `items, fees, tax and discounts add up to ${round2(base)}, not the total ${total}`;
}

/** Payment processors and ordering platforms: they carry other merchants' receipts. */
const PLATFORMS = ['paypal', 'stripe', 'square', 'toast', 'klarna', 'adyen', 'wolt', 'foodora', 'uber eats', 'ubereats', 'bolt', 'instacart', 'shopify'];

/** What may follow a platform's name and still be the platform ("Klarna Bank AB", not "Square One Café"). */
const CORPORATE = new Set('ab inc ltd llc as oy gmbh bv se bank payments technologies europe sweden sverige norge suomi denmark food market com'.split(' '));

const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Why a vendor name cannot be the merchant: empty, a template placeholder or redaction token,
 * "unknown", or a platform (unless the email's vendor configuration is that platform itself).
 */
export function vendorProblem(name: string, vendorId?: string): string | undefined {
  const k = key(name);
  if (!k) return 'empty';
  if (/\*\||\{\{|\[[A-Z]+\]|%[A-Z_]+%/.test(name) || /^(unknown|n a|none|null|vendor|merchant)( vendor)?$/.test(k)) return 'a placeholder';
  const platform = PLATFORMS.find((p) => k === p || (k.startsWith(`${p} `) && k.slice(p.length + 1).split(' ').every((w) => CORPORATE.has(w))));
  const flat = (s: string) => s.replace(/ /g, '');
  if (platform && !(vendorId && flat(key(vendorId)) === flat(platform))) return `a platform (${platform})`;
  return undefined;
}
