// The page that renders a model with three.js. It is served from a private origin (every
// request answered by the host, nothing goes to the network): the page itself, three's module
// files from node_modules, and the model bytes. Any host that can answer requests (Playwright's
// page.route, Electron's protocol.handle) can use it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';

export const RENDER_ORIGIN = 'http://render.holdfast.invalid';
/** Models are served as /model/<n>.glb, a new n per render. */
export const MODEL_PREFIX = '/model/';
/** Videos are served as /video/<n>, a new n per frame grab. */
export const VIDEO_PREFIX = '/video/';

const threeRoot = (() => {
  const require = createRequire(import.meta.url);
  // 'three' resolves to build/three.cjs; the package root is two levels up.
  return dirname(dirname(require.resolve('three')));
})();

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
<style>html,body{margin:0;background:transparent}canvas{display:block}</style>
<script type="importmap">{"imports":{"three":"/three/build/three.module.js","three/addons/":"/three/examples/jsm/"}}</script>
</head><body>
<script type="module">
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { DRACOLoader } from 'three/addons/loaders/DRACOLoader.js';
import { MeshoptDecoder } from 'three/addons/libs/meshopt_decoder.module.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';

// One renderer and one environment for the page's life: building the PMREM environment and
// compiling shaders dominate the time on a software GPU, so they are done once.
let shared = null;
function setup(size) {
  if (shared && shared.size === size) return shared;
  shared?.renderer.dispose();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  document.body.replaceChildren(canvas);
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: false, preserveDrawingBuffer: true });
  renderer.setPixelRatio(1);
  renderer.setSize(size, size, false);
  renderer.toneMapping = THREE.NeutralToneMapping;
  renderer.setClearColor(0xe9e6e0, 1);
  const pmrem = new THREE.PMREMGenerator(renderer);
  const environment = pmrem.fromScene(new RoomEnvironment(), 0.04).texture;
  const draco = new DRACOLoader().setDecoderPath('/three/examples/jsm/libs/draco/gltf/');
  const loader = new GLTFLoader().setDRACOLoader(draco).setMeshoptDecoder(MeshoptDecoder);
  shared = { size, canvas, renderer, environment, loader };
  return shared;
}

window.renderModel = async (url, size) => {
  const { canvas, renderer, environment, loader } = setup(size);
  const scene = new THREE.Scene();
  scene.environment = environment;
  const key = new THREE.DirectionalLight(0xffffff, 1.2);
  key.position.set(2, 4, 3);
  scene.add(key);
  const gltf = await loader.loadAsync(url);
  const model = gltf.scene;
  scene.add(model);
  try {
    model.updateMatrixWorld(true);
    const box = new THREE.Box3().setFromObject(model);
    if (box.isEmpty()) throw new Error('the model has nothing to draw');
    const sphere = box.getBoundingSphere(new THREE.Sphere());
    const camera = new THREE.PerspectiveCamera(35, 1, sphere.radius / 100, sphere.radius * 100);
    const dir = new THREE.Vector3(0.9, 0.55, 1.6).normalize();
    // The bounding sphere overstates most objects; 0.9 of its fitting distance fills the frame.
    const distance = (sphere.radius / Math.sin(THREE.MathUtils.degToRad(35 / 2))) * 0.9;
    camera.position.copy(sphere.center).addScaledVector(dir, distance);
    camera.lookAt(sphere.center);
    renderer.render(scene, camera);
    const gl = renderer.getContext();
    return { png: canvas.toDataURL('image/png'), renderer: gl.getParameter(gl.RENDERER) };
  } finally {
    model.traverse((o) => {
      o.geometry?.dispose();
      for (const m of [o.material].flat()) {
        if (!m) continue;
        for (const v of Object.values(m)) if (v && v.isTexture) v.dispose();
        m.dispose();
      }
    });
  }
};
// A video without a poster: a frame a quarter in (at most 1 s), as the browser decodes it.
window.videoFrame = async (url, size) => {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = url;
  await new Promise((resolve, reject) => {
    video.onloadeddata = resolve;
    video.onerror = () => reject(new Error('the browser cannot decode this video' + (video.error && video.error.message ? ': ' + video.error.message : '')));
  });
  const at = Math.min(1, (Number.isFinite(video.duration) ? video.duration : 0) * 0.25);
  document.body.append(video);
  // Wait until the frame is really presented (seeked alone can fire before it is decoded).
  await new Promise((resolve) => {
    let done = 0;
    const step = () => ++done === 2 && resolve();
    video.requestVideoFrameCallback(step);
    video.onseeked = () => {
      step();
      setTimeout(() => done < 2 && step(), 2000); // a frame already on screen is not presented again
    };
    video.currentTime = at > 0 ? at : 0.001;
  });
  if (!video.videoWidth || !video.videoHeight) throw new Error('the video has no picture track');
  const scale = Math.min(1, size / Math.max(video.videoWidth, video.videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
  canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
  canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
  video.removeAttribute('src');
  video.load();
  video.remove();
  return canvas.toDataURL('image/png');
};
window.renderReady = true;
</script></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Answers one request of the render page, or null for anything that is not part of it. */
export async function renderPageResponse(
  pathname: string,
  models: ReadonlyMap<string, Uint8Array>,
): Promise<{ status: number; contentType: string; body: Buffer } | null> {
  if (pathname === '/' || pathname === '/index.html') return { status: 200, contentType: 'text/html', body: Buffer.from(PAGE) };
  if (pathname.startsWith(MODEL_PREFIX)) {
    const model = models.get(pathname.slice(MODEL_PREFIX.length));
    return model ? { status: 200, contentType: 'model/gltf-binary', body: Buffer.from(model) } : null;
  }
  if (pathname.startsWith(VIDEO_PREFIX)) {
    const video = models.get(pathname.slice(1));
    return video ? { status: 200, contentType: 'video/mp4', body: Buffer.from(video) } : null;
  }
  if (pathname.startsWith('/three/')) {
    const rel = normalize(decodeURIComponent(pathname.slice('/three/'.length)));
    const path = join(threeRoot, rel);
    if (!path.startsWith(threeRoot + sep) || !(rel.startsWith(`build${sep}`) || rel.startsWith(`examples${sep}jsm${sep}`))) return null;
    const ext = path.slice(path.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type) return null;
    try {
      return { status: 200, contentType: type, body: await readFile(path) };
    } catch {
      return null;
    }
  }
  return null;
}
