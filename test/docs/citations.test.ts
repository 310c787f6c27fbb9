/**
 * Every place that cites the reference under docs/ points to a section that exists: plain
 * citations (`docs/flows.md#f5`) in code, tests, benchmarks and infra, and Markdown links between
 * the docs and from the README. No citation of documents outside the repository is left.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['src', 'test', 'bench', 'infra', 'scripts', 'bin'];

function filesUnder(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules' && name !== 'fixtures') out.push(...filesUnder(full, exts));
    } else if (exts.test(name)) out.push(full);
  }
  return out;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens; plus `<a id>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (heading) {
      anchors.add(
        heading[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
    }
    for (const m of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(m[1]!);
  }
  return anchors;
}

interface Citation {
  where: string;
  /** Path of the cited document, relative to the repository root. */
  doc: string;
  anchor: string;
}

/** `docs/x.md#a` written out in code and tests (always relative to the repository root). */
export function plainCitations(text: string, where: string): Citation[] {
  return [...text.matchAll(/\bdocs\/([\w-]+\.md)#([\w-]+)/g)].map((m) => ({ where, doc: `docs/${m[1]}`, anchor: m[2]! }));
}

/** Markdown links with an anchor, `[..](x.md#a)` or `[..](#a)`, resolved against the page's folder. */
export function linkCitations(text: string, where: string): Citation[] {
  const dir = path.dirname(where);
  return [...text.matchAll(/\]\(([\w./-]*)#([\w-]+)\)/g)].map((m) => ({
    where,
    doc: m[1] ? path.posix.join(dir, m[1]) : where,
    anchor: m[2]!,
  }));
}

function missing(citations: Citation[]): string[] {
  const cache = new Map<string, Set<string> | undefined>();
  const anchors = (doc: string) => {
    if (!cache.has(doc)) {
      let text: string | undefined;
      try {
        text = readFileSync(path.join(root, doc), 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(doc, text === undefined ? undefined : anchorsOf(text));
    }
    return cache.get(doc);
  };
  return citations.filter((c) => !anchors(c.doc)?.has(c.anchor)).map((c) => `${c.where}: ${c.doc}#${c.anchor}`);
}

const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
// This file cites made-up sections on purpose, to test the checker.
const sources = SOURCE_DIRS.flatMap((d) => filesUnder(path.join(root, d), /\.(ts|mts|mjs|js)$/)).filter((f) => f !== import.meta.filename);
const pages = [path.join(root, 'README.md'), ...filesUnder(path.join(root, 'docs'), /\.md$/)];

test('every docs/…#anchor cited in code, tests, benchmarks and infra exists', () => {
  const citations = sources.flatMap((f) => plainCitations(readFileSync(f, 'utf8'), rel(f)));
  assert.ok(citations.length > 100, `only ${citations.length} citations found`);
  assert.deepEqual(missing(citations), []);
});

test('every anchored link in the README and docs/ points to a section that exists', () => {
  const citations = pages.flatMap((f) => linkCitations(readFileSync(f, 'utf8'), rel(f)));
  assert.ok(citations.length > 50, `only ${citations.length} links found`);
  assert.deepEqual(missing(citations), []);
});

test('no citation of documents outside the repository is left', () => {
  const outside = /\b(?:DECISIONS|FLOWS)\b|\b(?:API|DATA)(?:\.md)? §/;
  const found = [...sources, ...pages].flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) => (outside.test(line) ? [`${rel(f)}:${i + 1}`] : [])),
  );
  assert.deepEqual(found, []);
});

test('the checker itself: a missing section or page is reported, headings and ids are found', () => {
  assert.deepEqual([...anchorsOf('## De-duplication (D7) and `x/y.ts`\n<a id="f5"></a>\n### F5 Rental')], [
    'de-duplication-d7-and-xyts',
    'f5',
    'f5-rental',
  ]);
  const cited = plainCitations('see docs/flows.md#f5 and docs/flows.md#no-such-section and docs/nowhere.md#x', 'a.ts');
  assert.deepEqual(missing(cited), ['a.ts: docs/flows.md#no-such-section', 'a.ts: docs/nowhere.md#x']);
  assert.deepEqual(linkCitations('[a](api.md#routes) [b](#local)', 'docs/flows.md'), [
    { where: 'docs/flows.md', doc: 'docs/api.md', anchor: 'routes' },
    { where: 'docs/flows.md', doc: 'docs/flows.md', anchor: 'local' },
  ]);
});
