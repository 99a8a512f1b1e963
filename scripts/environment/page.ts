/// <reference lib="dom" />
// Runs in Chromium for scripts/environment/bake.ts and its test: filters the studio HDR with
// three's PMREMGenerator and reads it back (bake), and draws a row of spheres from rough to
// glossy lit either by a fresh PMREM or by the baked file (draw), so the two can be compared.
import { EquirectangularReflectionMapping, Mesh, MeshStandardMaterial, NeutralToneMapping, PMREMGenerator, PerspectiveCamera, Scene, SphereGeometry, WebGLRenderer, type Texture } from 'three';
import { HDRLoader } from 'three/examples/jsm/loaders/HDRLoader.js';
import { bakeEnvironment, decodeBakedEnvironment, encodeBakedEnvironment, uploadBakedEnvironment } from '../../renderer/src/viewer3d/baked-environment.js';

const toBase64 = (bytes: Uint8Array) => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function hdr(base64: string): Promise<Texture> {
  const texture = await new HDRLoader().loadAsync(`data:application/octet-stream;base64,${base64}`);
  texture.mapping = EquirectangularReflectionMapping;
  return texture;
}

const W = 480;
const H = 160;

Object.assign(window, {
  async bake(hdrBase64: string): Promise<string> {
    const renderer = new WebGLRenderer();
    const baked = bakeEnvironment(renderer, await hdr(hdrBase64));
    renderer.dispose();
    return toBase64(encodeBakedEnvironment(baked));
  },

  /** RGBA pixels (base64) of the spheres lit by a fresh PMREM of the HDR, or by `baked`. */
  async draw(hdrBase64: string, bakedBase64: string | null): Promise<string> {
    const canvas = document.createElement('canvas');
    const renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
    renderer.setSize(W, H, false);
    renderer.toneMapping = NeutralToneMapping; // as the viewer, darker: the spheres must not burn out
    renderer.toneMappingExposure = 0.5;
    const environment = bakedBase64
      ? uploadBakedEnvironment(renderer, decodeBakedEnvironment(fromBase64(bakedBase64))).texture
      : new PMREMGenerator(renderer).fromEquirectangular(await hdr(hdrBase64)).texture;
    const scene = new Scene();
    scene.environment = environment;
    scene.background = environment; // the sharpest level, seen straight
    const roughness = [0, 0.2, 0.45, 0.7, 1];
    roughness.forEach((r, i) => {
      const sphere = new Mesh(new SphereGeometry(0.45, 48, 24), new MeshStandardMaterial({ color: '#ffffff', metalness: i % 2 ? 1 : 0.6, roughness: r }));
      sphere.position.x = (i - 2) * 1.0;
      scene.add(sphere);
    });
    const camera = new PerspectiveCamera(30, W / H, 0.1, 100);
    camera.position.set(0, 0.6, 4.6);
    camera.lookAt(0, 0, 0);
    renderer.render(scene, camera);
    const gl = renderer.getContext();
    const pixels = new Uint8Array(W * H * 4);
    gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    renderer.dispose();
    return toBase64(pixels);
  },
});
