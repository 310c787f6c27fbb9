/** The eight receipt categories; each has its own detail table (docs/data-model.md#retail-categories). */
export const RETAIL_SUBTYPES = [
  'food-delivery',
  'clothing',
  'technology',
  'subscriptions',
  'grocery',
  'utility',
  'miscellaneous',
  'travel',
] as const;
export type RetailSubtype = (typeof RETAIL_SUBTYPES)[number];

export function isRetailSubtype(s: string): s is RetailSubtype {
  return (RETAIL_SUBTYPES as readonly string[]).includes(s);
}
