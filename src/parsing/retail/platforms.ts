/**
 * Payment processors, marketplaces and delivery platforms. Their name on a receipt is not the
 * merchant: the merchant behind them is the vendor and the platform is kept in its own field.
 * Names are matched after lower-casing and dropping everything but letters and digits.
 */
export const PLATFORMS: Record<string, string> = {
  paypal: 'PayPal', stripe: 'Stripe', square: 'Square', squareup: 'Square', toast: 'Toast', toasttab: 'Toast',
  klarna: 'Klarna', adyen: 'Adyen', wolt: 'Wolt', foodora: 'Foodora', ubereats: 'Uber Eats', bolt: 'Bolt',
  boltfood: 'Bolt Food', instacart: 'Instacart', shopify: 'Shopify', sumup: 'SumUp',
  zettle: 'Zettle', izettle: 'Zettle', vipps: 'Vipps', mobilepay: 'MobilePay', swish: 'Swish', glovo: 'Glovo',
  deliveroo: 'Deliveroo', justeat: 'Just Eat', doordash: 'DoorDash', grubhub: 'Grubhub', pyszne: 'Pyszne.pl',
  lieferando: 'Lieferando', paddle: 'Paddle', fastspring: 'FastSpring', gumroad: 'Gumroad',
};

const key = (s: string): string => s.toLowerCase().replace(/\.(?:com|pl|se|de|no|dk|fi|cz|fr|es|co\.uk)$/, '').replace(/[^a-z0-9]/g, '');

// Words that name a part of a company, not another company: "Bolt Operations", "Wolt Enterprises"
// (legal forms such as `Oy` are already stripped from candidate names).
const COMPANY_PART = /^(?:operations|enterprises|technologies|technology|payments|services|europe)$/i;

/** The platform's display name when `name` is one (`PayPal`, `Uber Eats`, `service@paypal.com`'s `Paypal`, `Wolt Enterprises`). */
export function platformOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const whole = PLATFORMS[key(name)];
  if (whole) return whole;
  const words = name.trim().split(/\s+/);
  return words.length > 1 && words.slice(1).every((w) => COMPANY_PART.test(w)) ? PLATFORMS[key(words[0]!)] : undefined;
}
