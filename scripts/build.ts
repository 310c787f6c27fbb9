/**
 * `npm run build`: one minified ESM bundle per manifest function (`dist/functions/<name>/index.mjs`)
 * and a zip of it (`dist/functions/<name>.zip`), with esbuild's metafile beside it (`<name>.meta.json`). Entries are generated from the manifest, so a
 * new function needs no build change.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { entrySource } from '../src/runtime/lambda/entries.js';
import { neededAssets } from '../src/runtime/ports.js';
import { manifest, type FunctionSpec } from '../src/runtime/manifest.js';
import { zipFiles } from './zip.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuiltFunction {
  name: string;
  bundle: string;
  bundleBytes: number;
  zip?: string;
  zipBytes?: number;
  /** Code loaded only on demand (a dynamic import), beside the bundle in `chunks/`. */
  chunks: { file: string; bytes: number }[];
  /** Package names in the bundle or its chunks (from esbuild's metafile). */
  packages: string[];
  /** Our own files (`src/...`) with code in the bundle or its chunks. */
  sources: string[];
}

// Some CommonJS dependencies call require() for Node built-ins; ESM output needs a real one.
const banner = "import { createRequire as __ppCreateRequire } from 'node:module'; const require = __ppCreateRequire(import.meta.url);";

/** Packages and our own files with code in the outputs (files esbuild parsed but tree-shook away do not count). */
function contentsOf(outputs: { inputs: Record<string, { bytesInOutput: number }> }[]): { packages: string[]; sources: string[] } {
  const names = new Set<string>();
  const sources = new Set<string>();
  for (const { inputs } of outputs) {
    for (const [file, info] of Object.entries(inputs)) {
      if (info.bytesInOutput === 0) continue;
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      if (m) names.add(m[1]!);
      else if (file.startsWith('src/')) sources.add(file);
    }
  }
  return { packages: [...names].sort(), sources: [...sources].sort() };
}


export async function buildFunction(spec: FunctionSpec, outDir: string, opts: { zip?: boolean } = {}): Promise<BuiltFunction> {
  const dir = path.join(outDir, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundle = path.join(dir, 'index.mjs');
  const result = await build({
    stdin: { contents: entrySource(spec), resolveDir: ROOT, sourcefile: `${spec.name}.entry.ts`, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // ESM builds of dependencies tree-shake far better than their CommonJS builds.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    banner: { js: banner },
    // Code behind a dynamic import() (e.g. the Gemini client, used only for some receipts and only
    // when configured) goes to its own chunk, so cold starts load only what every call needs.
    outdir: dir,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'error',
  });
  const out: BuiltFunction = {
    name: spec.name,
    bundle,
    bundleBytes: statSync(bundle).size,
    chunks: Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.mjs') && path.resolve(file) !== bundle)
      .map(([file]) => ({ file, bytes: statSync(file).size })),
    ...contentsOf(Object.values(result.metafile.outputs)),
  };
  // Outside the function's folder (not zipped): what each bundle pulls in, for esbuild's analyzer.
  writeFileSync(path.join(outDir, `${spec.name}.meta.json`), JSON.stringify(result.metafile));
  for (const a of neededAssets(spec)) cpSync(path.join(ROOT, a.from), path.join(dir, a.to), { recursive: true });
  if (opts.zip !== false) {
    const zip = path.join(outDir, `${spec.name}.zip`);
    writeFileSync(zip, zipFiles(filesUnder(dir)));
    out.zip = zip;
    out.zipBytes = statSync(zip).size;
  }
  return out;
}

function filesUnder(dir: string, prefix = ''): { name: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [{ name: `${prefix}${e.name}`, file: path.join(dir, e.name) }],
    );
}

export async function buildAll(outDir = path.join(ROOT, 'dist/functions'), opts: { zip?: boolean } = {}): Promise<BuiltFunction[]> {
  mkdirSync(outDir, { recursive: true });
  // Sequential: esbuild already uses every core for one bundle.
  const built: BuiltFunction[] = [];
  for (const spec of manifest) built.push(await buildFunction(spec, outDir, opts));
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const built = await buildAll();
  for (const b of built) {
    console.log(`${b.name.padEnd(28)} ${(b.bundleBytes / 1024).toFixed(0).padStart(6)} KB  zip ${((b.zipBytes ?? 0) / 1024).toFixed(0).padStart(6)} KB`);
  }
  console.log(`built ${built.length} functions in ${Math.round(performance.now() - started)} ms`);
}
