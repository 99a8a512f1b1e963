// KTX2 / Basis Universal textures (KHR_texture_basisu) decoded to PNG in Node. AR Quick Look reads
// only PNG and JPEG in a USDZ, and Scene Viewer's support for KTX2 is not documented, so AR files
// carry PNG. The decoder is the Basis Universal transcoder three.js ships (an Emscripten module,
// the same one its KTX2Loader runs in the browser), loaded once with its wasm from node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

interface Ktx2File {
  isValid(): boolean;
  getWidth(): number;
  getHeight(): number;
  getLevels(): number;
  getImageLevelInfo(level: number, layer: number, face: number): { origWidth: number; origHeight: number; width: number; height: number };
  startTranscoding(): boolean;
  getImageTranscodedSizeInBytes(level: number, layer: number, face: number, format: number): number;
  transcodeImage(dst: Uint8Array, level: number, layer: number, face: number, format: number, flags: number, channel0: number, channel1: number): number;
  close(): void;
  delete(): void;
}

interface BasisModule {
  initializeBasis(): void;
  KTX2File: new (bytes: Uint8Array) => Ktx2File;
}

/** basisu's transcoder_texture_format::cTFRGBA32: 8 bits per channel, uncompressed. */
const RGBA32 = 13;
/** Textures in AR files stay ≤ 2048 px; a KTX2 claiming more than this is refused before decoding. */
const MAX_KTX2_PIXELS = 8192 * 8192;

let basisPromise: Promise<BasisModule> | null = null;

function loadBasis(): Promise<BasisModule> {
  basisPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const script = require.resolve('three/examples/jsm/libs/basis/basis_transcoder.js');
    const dir = dirname(script);
    // The file is a UMD script (three's package is ESM, so it cannot be require()d as CommonJS):
    // run it with a module object of its own and take the factory it exports.
    const source = readFileSync(script, 'utf8');
    const module = { exports: {} as unknown };
    new Function('module', 'exports', 'require', '__filename', '__dirname', source)(module, module.exports, require, script, dir);
    const factory = module.exports as (arg: { wasmBinary: Uint8Array }) => Promise<BasisModule>;
    const basis = await factory({ wasmBinary: new Uint8Array(readFileSync(join(dir, 'basis_transcoder.wasm'))) });
    basis.initializeBasis();
    return basis;
  })();
  basisPromise.catch(() => (basisPromise = null));
  return basisPromise;
}

/** The first image (level 0, layer 0, face 0) of a KTX2 texture as raw RGBA. */
export async function decodeKtx2(bytes: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number }> {
  const basis = await loadBasis();
  const file = new basis.KTX2File(new Uint8Array(bytes));
  try {
    if (!file.isValid()) throw new Error('the KTX2 texture is not valid');
    const info = file.getImageLevelInfo(0, 0, 0);
    const [width, height] = [info.origWidth, info.origHeight];
    if (!width || !height || !file.getLevels()) throw new Error('the KTX2 texture has no image');
    if (width * height > MAX_KTX2_PIXELS) throw new Error(`the KTX2 texture claims ${width} × ${height} pixels, more than ${MAX_KTX2_PIXELS.toLocaleString('en')}`);
    if (!file.startTranscoding()) throw new Error('the KTX2 texture could not be transcoded');
    const data = new Uint8Array(file.getImageTranscodedSizeInBytes(0, 0, 0, RGBA32));
    if (data.length !== width * height * 4) throw new Error(`the KTX2 texture decoded to ${data.length} bytes, not ${width} × ${height} RGBA`);
    if (!file.transcodeImage(data, 0, 0, 0, RGBA32, 0, -1, -1)) throw new Error('the KTX2 texture could not be transcoded');
    return { data, width, height };
  } finally {
    file.close();
    file.delete();
  }
}

/** A KTX2 / Basis Universal texture as PNG. */
export async function ktx2ToPng(bytes: Uint8Array): Promise<Uint8Array> {
  const { data, width, height } = await decodeKtx2(bytes);
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 4 } }).png().toBuffer());
}
