// Builds the offline viewer that goes into every provenance bundle: one classic script
// (IIFE: module scripts do not load from file://) with three.js inside, plus its page and
// styles, into out/viewer/. Called by scripts/build.mjs; tests call it when out/viewer is missing.
//
// The decoders three.js loads on demand (Draco geometry, the Basis Universal transcoder for
// KTX2 textures) are WebAssembly plus a JS wrapper, which three normally fetches: a page opened
// from file:// may not. So each becomes a classic script of its own that hands its parts to the
// viewer — `HOLDFAST_DECODER("draco",{"js":"…","wasm":"<base64>"});` — loaded only when a model
// needs it. Meshopt's decoder is small and carries its WebAssembly inline: it is in viewer.js.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Decoder name → its wrapper script and WebAssembly in three's examples (the glTF-only Draco build). */
const DECODERS = {
  draco: ['examples/jsm/libs/draco/gltf/draco_wasm_wrapper.js', 'examples/jsm/libs/draco/gltf/draco_decoder.wasm'],
  basis: ['examples/jsm/libs/basis/basis_transcoder.js', 'examples/jsm/libs/basis/basis_transcoder.wasm'],
};

export async function buildViewer(root, outDir = join(root, 'out', 'viewer')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'assets', 'viewer', 'src', 'main.ts')],
    outfile: join(outDir, 'viewer.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    // three's loaders name their decoders' default URLs with import.meta.url at load time, which
    // an IIFE has not; the viewer never loads those URLs (decoders come as scripts), it only
    // needs them to parse.
    define: { 'import.meta.url': 'document.baseURI' },
  });
  for (const name of ['index.html', 'viewer.css']) copyFileSync(join(root, 'assets', 'viewer', name), join(outDir, name));
  // The Basis transcoder's frame (see src/basis-frame.ts): its script inline, allowed by hash.
  const frame = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'assets', 'viewer', 'src', 'basis-frame.ts')],
    write: false,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    logLevel: 'warning',
  });
  const frameScript = frame.outputFiles[0].text.trim();
  const frameHash = `sha256-${createHash('sha256').update(frameScript).digest('base64')}`;
  const frameHtml = readFileSync(join(root, 'assets', 'viewer', 'basis-frame.html'), 'utf8');
  writeFileSync(join(outDir, 'basis-frame.html'), frameHtml.replace('HOLDFAST_SCRIPT_HASH', frameHash).replace('<script>HOLDFAST_SCRIPT</script>', () => `<script>${frameScript}</script>`));
  const three = join(root, 'node_modules', 'three');
  for (const [name, [js, wasm]] of Object.entries(DECODERS)) {
    const parts = { js: readFileSync(join(three, js), 'utf8'), wasm: readFileSync(join(three, wasm)).toString('base64') };
    writeFileSync(join(outDir, `decoder-${name}.js`), `HOLDFAST_DECODER(${JSON.stringify(name)},${JSON.stringify(parts)});\n`);
  }
  return outDir;
}
