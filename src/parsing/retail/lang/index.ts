import { cs } from './cs.js';
import { da } from './da.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fi } from './fi.js';
import { fr } from './fr.js';
import { no } from './no.js';
import { pl } from './pl.js';
import { sv } from './sv.js';
import type { LanguageTable } from './types.js';

export type { LanguageTable } from './types.js';

/** Every language the receipt rules read. Adding one is adding a table here. */
export const LANGUAGES: readonly LanguageTable[] = [en, sv, no, da, fi, de, fr, es, pl, cs];

type PhraseKey = Exclude<keyof LanguageTable, 'code' | 'months'>;

/**
 * Month names of all languages in one map. The ten tables agree wherever they share a spelling
 * (`mars`, `maj`, `mai`, `listopad`…), so a date is read the same whatever the document's
 * language; a table that broke this would fail here at load time.
 */
export const MONTHS: Record<string, number> = (() => {
  const out: Record<string, number> = {};
  for (const t of LANGUAGES) {
    for (const [name, n] of Object.entries(t.months)) {
      const k = name.toLowerCase();
      if (out[k] !== undefined && out[k] !== n) throw new Error(`month name ${k} means ${out[k]} and ${n}`);
      out[k] = n;
    }
  }
  return out;
})();

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Literal phrases → one alternation, longest first, spaces matching any run of spaces. Only
 * literals separated by `\s+` between fixed words: linear-time.
 */
export function phraseSource(phrases: Iterable<string>): string {
  const uniq = [...new Set([...phrases].map((p) => p.toLowerCase().trim()).filter(Boolean))];
  uniq.sort((a, b) => b.length - a.length);
  return uniq.map((p) => p.split(/\s+/).map(escape).join('\\s+')).join('|');
}

/** A phrase not inside a longer word (Unicode-aware: `\b` does not know `ł` or `č`). */
export function phraseRegex(phrases: Iterable<string>, flags = 'iu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phraseSource(phrases)})(?![\\p{L}])`, flags);
}

/** All languages' phrases of one kind. */
export const phrases = (key: PhraseKey): string[] => LANGUAGES.flatMap((t) => t[key]);

/** `key` of every language as one case-insensitive regex. */
export const vocabulary = (key: PhraseKey): RegExp => phraseRegex(phrases(key));
