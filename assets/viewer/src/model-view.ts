// The 3D view of a GLB model with three.js. The model's bytes arrive through a <script> (see
// main/core/export/model-script.ts): file:// pages may not fetch local files.
import {
  ACESFilmicToneMapping,
  AnimationMixer,
  Box3,
  Clock,
  Color,
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  PMREMGenerator,
  SRGBColorSpace,
  Scene,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

declare global {
  interface Window {
    HOLDFAST_MODEL?: (sha256: string, base64: string) => void;
  }
}

const waiting = new Map<string, { resolve: (bytes: ArrayBuffer) => void; reject: (error: Error) => void }>();

window.HOLDFAST_MODEL = (sha256, base64) => {
  const pending = waiting.get(sha256);
  if (!pending) return;
  waiting.delete(sha256);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  pending.resolve(bytes.buffer);
};

function loadModelBytes(sha256: string, scriptPath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    waiting.set(sha256, { resolve, reject });
    const script = document.createElement('script');
    script.src = scriptPath;
    script.onerror = () => {
      waiting.delete(sha256);
      reject(new Error(`${scriptPath} is missing`));
    };
    script.onload = () => script.remove();
    document.head.append(script);
  });
}

export interface ModelView {
  dispose(): void;
}

/** Shows the model in `host`; resolves once the first frame is drawn. */
export async function showModel(host: HTMLElement, sha256: string, scriptPath: string): Promise<ModelView> {
  const bytes = await loadModelBytes(sha256, scriptPath);
  const gltf = await new GLTFLoader().parseAsync(bytes, '');

  const canvas = document.createElement('canvas');
  canvas.className = 'model-canvas';
  host.replaceChildren(canvas);
  // preserveDrawingBuffer: the picture stays readable (screenshots, "save image as").
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
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
  const clock = new Clock();

  const resize = () => {
    const width = host.clientWidth || 640;
    const height = host.clientHeight || 480;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
  };
  resize();
  const observer = new ResizeObserver(resize);
  observer.observe(host);

  let running = true;
  const frame = () => {
    if (!running) return;
    mixer?.update(clock.getDelta());
    controls.update();
    renderer.render(scene, camera);
    requestAnimationFrame(frame);
  };
  renderer.render(scene, camera);
  canvas.dataset.rendered = 'true';
  requestAnimationFrame(frame);

  return {
    dispose() {
      running = false;
      observer.disconnect();
      controls.dispose();
      pmrem.dispose();
      renderer.dispose();
    },
  };
}
