// The 3D view of a glTF model with three.js: GLB or .gltf, plain or with Draco- or
// Meshopt-compressed meshes and KTX2 (Basis Universal) textures. Its bytes, a .gltf's separate
// buffers and textures, and the decoders all arrive through scripts (see scripts.ts): file://
// pages may not fetch local files.
import {
  ACESFilmicToneMapping,
  AnimationMixer,
  Box3,
  Color,
  DirectionalLight,
  HemisphereLight,
  LoadingManager,
  PerspectiveCamera,
  PMREMGenerator,
  SRGBColorSpace,
  Scene,
  Timer,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { fileForUri, filesByName } from '../../../main/common/gltf-files.js';
import { BundleDRACOLoader, BundleKTX2Loader } from './loaders.js';
import { loadFileBytes } from './scripts.js';

/** A file the bundle carries as a script: the model, or a .gltf's buffer or texture. */
export interface ScriptFile {
  sha256: string;
  viewerScript: string;
  fileName: string | null;
}

export interface ModelView {
  dispose(): void;
}

// One of each decoder for the page: their workers and WebAssembly start once, on first need.
let decoders: { draco: BundleDRACOLoader; ktx2: BundleKTX2Loader } | null = null;

/** Where a .gltf's URI (relative, maybe percent-encoded) finds its file among the item's. */
function resourceUrls(resources: ScriptFile[], bytesOf: Map<string, ArrayBuffer>): { resolve: (url: string) => string; urls: string[] } {
  const named: Array<[string, string]> = [];
  for (const r of resources) {
    const bytes = bytesOf.get(r.sha256);
    if (!bytes || !r.fileName) continue;
    named.push([r.fileName, URL.createObjectURL(new Blob([bytes]))]);
  }
  const byName = filesByName(named);
  const urls = named.map(([, url]) => url);
  const resolve = (url: string) => {
    if (/^(data|blob):/.test(url)) return url;
    const found = fileForUri(byName, url);
    // Never the network, never a neighbouring file the page may not read: a clear reason instead.
    if (!found) throw new Error(`the model refers to ${url}, which is not among this item's files`);
    return found;
  };
  return { resolve, urls };
}

/** Shows the model in `host`; resolves once the first frame is drawn. */
export async function showModel(host: HTMLElement, model: ScriptFile, resources: ScriptFile[] = []): Promise<ModelView> {
  const bytesOf = new Map<string, ArrayBuffer>();
  const [bytes] = await Promise.all([
    loadFileBytes(model.sha256, model.viewerScript),
    ...resources.map((r) => loadFileBytes(r.sha256, r.viewerScript).then((b) => void bytesOf.set(r.sha256, b))),
  ]);

  const canvas = document.createElement('canvas');
  canvas.className = 'model-canvas';
  // preserveDrawingBuffer: the picture stays readable (screenshots, "save image as").
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  const manager = new LoadingManager();
  const resourceBlobs = resourceUrls(resources, bytesOf);
  manager.setURLModifier(resourceBlobs.resolve);
  const freeResources = () => resourceBlobs.urls.forEach((url) => URL.revokeObjectURL(url));
  let gltf;
  try {
    if (!decoders) {
      decoders = { draco: new BundleDRACOLoader(), ktx2: new BundleKTX2Loader() };
      decoders.ktx2.detectSupport(renderer);
    }
    const loader = new GLTFLoader(manager).setDRACOLoader(decoders.draco).setKTX2Loader(decoders.ktx2).setMeshoptDecoder(MeshoptDecoder);
    gltf = await loader.parseAsync(bytes, '');
    // The reader may have gone to another page meanwhile.
    if (!host.isConnected) throw new Error('closed');
  } catch (error) {
    freeResources();
    renderer.dispose();
    renderer.forceContextLoss();
    throw error;
  }

  host.replaceChildren(canvas);
  renderer.outputColorSpace = SRGBColorSpace;
  renderer.toneMapping = ACESFilmicToneMapping;
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));

  const scene = new Scene();
  scene.background = new Color(0x20242c);
  const pmrem = new PMREMGenerator(renderer);
  scene.environment = pmrem.fromScene(new RoomEnvironment(), 0.04).texture;
  scene.add(new HemisphereLight(0xffffff, 0x444455, 1.2));
  const sun = new DirectionalLight(0xffffff, 1.5);
  sun.position.set(3, 5, 4);
  scene.add(sun);
  scene.add(gltf.scene);

  const box = new Box3().setFromObject(gltf.scene);
  const size = box.getSize(new Vector3()).length() || 1;
  const center = box.getCenter(new Vector3());
  const camera = new PerspectiveCamera(40, 1, size / 100, size * 100);
  camera.position.copy(center).add(new Vector3(size * 0.6, size * 0.4, size * 0.9));
  const controls = new OrbitControls(camera, canvas);
  controls.target.copy(center);
  controls.enableDamping = true;
  controls.update();

  const mixer = gltf.animations.length ? new AnimationMixer(gltf.scene) : null;
  for (const clip of gltf.animations) mixer!.clipAction(clip).play();
  const timer = new Timer();

  // Frames are drawn only when something moves (a drag and its glide, an animation, a resize):
  // a still model costs nothing, and where WebGL runs on the CPU each frame holds the page up.
  let running = true;
  let pending = 0;
  const requestFrame = () => {
    if (running && !pending) pending = requestAnimationFrame(frame);
  };
  const frame = () => {
    pending = 0;
    if (!running) return;
    timer.update();
    mixer?.update(timer.getDelta());
    const moving = controls.update();
    renderer.render(scene, camera);
    if (moving || mixer) requestFrame();
  };
  controls.addEventListener('change', requestFrame);

  const resize = () => {
    const width = host.clientWidth || 640;
    const height = host.clientHeight || 480;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    requestFrame();
  };
  resize();
  const observer = new ResizeObserver(resize);
  observer.observe(host);

  renderer.render(scene, camera);
  canvas.dataset.rendered = 'true';
  requestFrame();

  return {
    dispose() {
      running = false;
      cancelAnimationFrame(pending);
      observer.disconnect();
      controls.dispose();
      pmrem.dispose();
      freeResources();
      renderer.dispose();
      // Give the WebGL context back now: opening item after item never runs out of them.
      renderer.forceContextLoss();
    },
  };
}
