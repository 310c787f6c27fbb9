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

const SPECIAL = new Set('.*+?^${}()|[]\\');
// What `\s` matches in a JavaScript regex.
const isSpace = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

/**
 * Literal phrases → one pattern, spaces matching any run of spaces. The phrases are merged on
 * their common beginnings (`num(?:ber|éro\s+de\s+(?:commande|facture))`), so at each position of
 * the text the engine compares one character per branch instead of trying every phrase: hundreds
 * of phrases cost about as much as one. A longer phrase is tried before the shorter one it
 * extends, as in a longest-first alternation. Only literals and `\s+`: linear-time.
 * Built at every cold start (some 700 phrases), so it walks characters without regexes.
 */
export function phraseSource(phrases: Iterable<string>): string {
  const root: Trie = { end: false, next: new Map() };
  const seen = new Set<string>();
  for (const raw of phrases) {
    const p = raw.toLowerCase().trim();
    if (!p || seen.has(p)) continue;
    seen.add(p);
    let node = root;
    for (let i = 0; i < p.length; ) {
      let token: string;
      if (isSpace(p.charCodeAt(i))) {
        while (i < p.length && isSpace(p.charCodeAt(i))) i++;
        token = '\\s+';
      } else {
        const ch = String.fromCodePoint(p.codePointAt(i)!);
        i += ch.length;
        token = SPECIAL.has(ch) ? `\\${ch}` : ch;
      }
      let child = node.next.get(token);
      if (!child) node.next.set(token, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Trie): string => {
    const branches: string[] = [];
    for (const [token, child] of node.next) branches.push(token + emit(child));
    if (!branches.length) return '';
    const alt = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    return node.end ? `(?:${branches.join('|')})?` : alt;
  };
  return emit(root);
}

/** A phrase not inside a longer word (Unicode-aware: `\b` does not know `ł` or `č`). */
export function phraseRegex(phrases: Iterable<string>, flags = 'iu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phraseSource(phrases)})(?![\\p{L}])`, flags);
}

/** All languages' phrases of one kind. */
export const phrases = (key: PhraseKey): string[] => LANGUAGES.flatMap((t) => t[key]);

/** `key` of every language as one case-insensitive regex. */
export const vocabulary = (key: PhraseKey): RegExp => phraseRegex(phrases(key));
