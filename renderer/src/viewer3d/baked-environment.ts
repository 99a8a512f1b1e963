// The viewer's environment light, filtered once at build time instead of on every open.
// three filters an HDR environment for physically based materials with PMREMGenerator: a cube
// render target whose mip levels hold the light blurred for rising roughness. With software
// WebGL (no GPU) that filtering took ~1.5 s of GPU time per open, most of the time before a
// model could be shown. `scripts/bake-environment.ts` runs the very same filtering once in
// Chromium and keeps every face of every level (assets/environment/studio-pmrem.bin.gz); the
// viewer uploads those texels into a render target made the way PMREMGenerator makes its own,
// so three's shaders read it exactly as they read a freshly filtered one.
//
// File (before gzip), little-endian (as typed arrays are on every platform the app runs on): "HFPMREM1", uint32 cube size, uint32 level count, then
// for each level (size >> level wide), for each face (+x, −x, +y, −y, +z, −z): RGBA half floats.
import { DataUtils, HalfFloatType, LinearMipmapLinearFilter, LinearSRGBColorSpace, PMREMGenerator, WebGLCubeRenderTarget, type Texture, type WebGLRenderer } from 'three';

const MAGIC = 'HFPMREM1';
const HEADER_BYTES = 16;

export interface BakedEnvironment {
  size: number;
  /** levels[level][face]: RGBA half floats, (size >> level)² texels. */
  levels: Uint16Array[][];
}

export function encodeBakedEnvironment(baked: BakedEnvironment): Uint8Array {
  const texels = baked.levels.reduce((n, faces) => n + faces.reduce((m, f) => m + f.length, 0), 0);
  const bytes = new Uint8Array(HEADER_BYTES + texels * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, baked.size, true);
  view.setUint32(12, baked.levels.length, true);
  let offset = HEADER_BYTES;
  for (const faces of baked.levels) {
    for (const face of faces) {
      bytes.set(new Uint8Array(face.buffer, face.byteOffset, face.byteLength), offset);
      offset += face.byteLength;
    }
  }
  return bytes;
}

export function decodeBakedEnvironment(bytes: Uint8Array): BakedEnvironment {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (bytes.byteLength < HEADER_BYTES || magic !== MAGIC) throw new Error('the baked environment is not a Holdfast PMREM file');
  const size = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  if (size < 8 || size > 4096 || (size & (size - 1)) !== 0 || count < 1 || size >> (count - 1) < 1) throw new Error(`the baked environment has an impossible size (${size}, ${count} levels)`);
  let offset = HEADER_BYTES;
  const levels: Uint16Array[][] = [];
  for (let level = 0; level < count; level++) {
    const length = (size >> level) ** 2 * 4;
    const faces: Uint16Array[] = [];
    for (let face = 0; face < 6; face++) {
      if (offset + length * 2 > bytes.byteLength) throw new Error('the baked environment is cut short');
      // One copy per face (the viewer decodes this on every open): typed arrays are
      // little-endian on every platform the app runs on, as the file is.
      const data = new Uint16Array(length);
      new Uint8Array(data.buffer).set(bytes.subarray(offset, offset + length * 2));
      offset += length * 2;
      faces.push(data);
    }
    levels.push(faces);
  }
  return { size, levels };
}

/** The render target PMREMGenerator would make for this size (its _allocateTarget). */
function pmremTarget(size: number, levels: number): WebGLCubeRenderTarget {
  const target = new WebGLCubeRenderTarget(size, {
    minFilter: LinearMipmapLinearFilter,
    generateMipmaps: false,
    type: HalfFloatType,
    colorSpace: LinearSRGBColorSpace,
    depthBuffer: false,
  });
  for (let level = 0; level < levels; level++) target.texture.mipmaps.push({ width: size >> level, height: size >> level } as never);
  target.texture.name = 'PMREM';
  target.texture.isPMREMTexture = true;
  return target;
}

/** three keeps the WebGL objects of a texture in its private properties map. */
function webglTexture(renderer: WebGLRenderer, texture: Texture): WebGLTexture {
  return (renderer.properties.get(texture) as { __webglTexture: WebGLTexture }).__webglTexture;
}

/** Uploads a baked environment; the returned target's texture is a ready PMREM. */
export function uploadBakedEnvironment(renderer: WebGLRenderer, baked: BakedEnvironment): WebGLCubeRenderTarget {
  const target = pmremTarget(baked.size, baked.levels.length);
  renderer.initRenderTarget(target); // allocates every face of every level
  const gl = renderer.getContext() as WebGL2RenderingContext;
  renderer.state.bindTexture(gl.TEXTURE_CUBE_MAP, webglTexture(renderer, target.texture));
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
  baked.levels.forEach((faces, level) => {
    const width = baked.size >> level;
    faces.forEach((data, face) => gl.texSubImage2D(gl.TEXTURE_CUBE_MAP_POSITIVE_X + face, level, 0, 0, width, width, gl.RGBA, gl.HALF_FLOAT, data));
  });
  renderer.state.unbindTexture();
  return target;
}

/** Fetches, unzips and uploads the baked environment. */
export async function loadBakedEnvironment(renderer: WebGLRenderer, url: string, signal?: AbortSignal): Promise<WebGLCubeRenderTarget> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok || !response.body) throw new Error(`the environment light could not be read (HTTP ${response.status})`);
  const bytes = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  return uploadBakedEnvironment(renderer, decodeBakedEnvironment(bytes));
}

/** Build time: filters an equirectangular HDR with three's PMREMGenerator and reads every face
 *  of every level back (as floats, then to half floats: the target holds half floats). */
export function bakeEnvironment(renderer: WebGLRenderer, equirect: Texture): BakedEnvironment {
  const generator = new PMREMGenerator(renderer);
  const target = generator.fromEquirectangular(equirect);
  const gl = renderer.getContext() as WebGL2RenderingContext;
  const size = target.width;
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  const levels = target.texture.mipmaps.map((_, level) => {
    const width = size >> level;
    const floats = new Float32Array(width * width * 4);
    return Array.from({ length: 6 }, (__, face) => {
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_CUBE_MAP_POSITIVE_X + face, webglTexture(renderer, target.texture), level);
      gl.readPixels(0, 0, width, width, gl.RGBA, gl.FLOAT, floats);
      return Uint16Array.from(floats, (v) => DataUtils.toHalfFloat(v));
    });
  });
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(framebuffer);
  renderer.resetState();
  target.dispose();
  generator.dispose();
  return { size, levels };
}
