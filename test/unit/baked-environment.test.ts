// The baked environment file (renderer/src/viewer3d/baked-environment.ts): what is written is
// read back texel for texel, and a damaged file is refused with a reason, never half-read.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBakedEnvironment, encodeBakedEnvironment } from '../../renderer/src/viewer3d/baked-environment.js';
import { BAKED_PATH } from '../../scripts/environment/bake.js';

describe('baked environment file', () => {
  const bytes = gunzipSync(readFileSync(BAKED_PATH));

  it('holds six faces per level, each level half the size of the one before', () => {
    const env = decodeBakedEnvironment(bytes);
    expect(env.levels.length).toBeGreaterThan(3);
    env.levels.forEach((faces, level) => {
      expect(faces).toHaveLength(6);
      for (const face of faces) expect(face.length).toBe((env.size >> level) ** 2 * 4);
    });
    expect(Buffer.from(encodeBakedEnvironment(env)).equals(bytes)).toBe(true);
  });

  it('refuses another file, an impossible size and a cut-short file', () => {
    expect(() => decodeBakedEnvironment(new TextEncoder().encode('#?RADIANCE\n'))).toThrow(/not a Holdfast PMREM file/);
    const odd = Uint8Array.from(bytes.subarray(0, 64));
    new DataView(odd.buffer).setUint32(8, 100, true);
    expect(() => decodeBakedEnvironment(odd)).toThrow(/impossible size \(100, /);
    expect(() => decodeBakedEnvironment(bytes.subarray(0, bytes.length - 8))).toThrow(/cut short/);
  });
});
