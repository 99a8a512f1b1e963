// The 3D scene of one open item, built for GLB/glTF as collectors get them. It runs in the
// model worker (model-worker.ts) on an OffscreenCanvas, so nothing here touches the DOM.
//   - loaders: GLTFLoader with Draco, Meshopt and KTX2 (Basis) decoders, all bundled with the
//     app: three's loaders name their WebAssembly decoders with `new URL(…, import.meta.url)`,
//     which Vite copies into out/renderer/assets/, so nothing is ever fetched from a CDN (the
//     Basis transcoder runs in a worker file with a policy of its own: see ktx2-loader.ts);
//     external files of a .gltf (buffers, textures) resolve to the item's other files by name;
//   - light: the studio environment (assets/environment/studio.hdr), filtered for rough and
//     glossy materials once at build time (baked-environment.ts), plus a weak key light for
//     materials that ignore environment maps;
//   - view: any model size is framed (bounding sphere → distance, near/far), orbit/zoom/pan with
//     damping, a saved home view to reset to;
//   - animation: every clip of the file, play/pause;
//   - frames are drawn only when something moves (camera, animation, auto-rotate), so a still
//     model costs nothing;
//   - dispose() frees every geometry, material, texture, the environment, the decoders' workers
//     and the WebGL context itself, so opening item after item never piles up GPU memory.
import {
  AnimationMixer,
  Box3,
  Color,
  DirectionalLight,
  HemisphereLight,
  LoadingManager,
  LoaderUtils,
  Mesh,
  NeutralToneMapping,
  PerspectiveCamera,
  SRGBColorSpace,
  Scene,
  Sphere,
  Timer,
  Vector3,
  WebGLRenderer,
} from 'three';
import type { AnimationAction, Material, Object3D, Texture, WebGLCubeRenderTarget } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import environmentUrl from '../../../assets/environment/studio-pmrem.bin.gz?url';
import { loadBakedEnvironment } from './baked-environment.js';
import { fileForUri, filesByName } from '../../../main/common/gltf-files.js';
import type { ControlsElement } from './control-events.js';
import { AppKTX2Loader } from './ktx2-loader.js';
import type { FailureReason, ModelInfo, StageSize } from './protocol.js';

/** A failure the page can name in the user's language (the message is the technical detail). */
export class SceneError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

const detail = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface SceneEvents {
  onProgress(loaded: number, total: number | null): void;
  /** The first frame with the model in it is drawn. */
  onReady(info: ModelInfo): void;
  onPlaying(playing: boolean): void;
  onAutoRotate(on: boolean): void;
}

export class ModelScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.01, 1000);
  private readonly controls: OrbitControls;
  private readonly timer = new Timer();
  private environment: WebGLCubeRenderTarget | null = null;
  private model: Object3D | null = null;
  private info: ModelInfo | null = null;
  private mixer: AnimationMixer | null = null;
  private actions: AnimationAction[] = [];
  private playing = false;
  private frame = 0;
  private disposed = false;
  private readonly loaders: { draco: DRACOLoader; ktx2: KTX2Loader };
  /** The scene's downloads go through it, so leaving the item stops them. */
  private readonly downloads = new LoadingManager();

  constructor(
    canvas: OffscreenCanvas,
    private readonly element: ControlsElement,
    size: StageSize,
    appBase: string,
    private readonly events: SceneEvents,
  ) {
    // Throws where WebGL is unavailable; the page shows the poster and says why.
    this.renderer = new WebGLRenderer({ canvas, antialias: true, alpha: false, powerPreference: 'high-performance' });
    this.renderer.outputColorSpace = SRGBColorSpace;
    this.renderer.toneMapping = NeutralToneMapping;
    this.renderer.toneMappingExposure = 1;
    this.scene.background = new Color('#eceae4');

    this.scene.add(new HemisphereLight('#ffffff', '#8d8a80', 0.35));
    const key = new DirectionalLight('#ffffff', 0.8);
    key.position.set(-3, 5, 4);
    this.scene.add(key);

    // OrbitControls only use the parts of an element that ControlsElement provides.
    this.controls = new OrbitControls(this.camera, element as unknown as HTMLElement);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.controls.screenSpacePanning = true;
    this.controls.cursorStyle = 'grab'; // an open hand says the model can be turned
    this.controls.addEventListener('change', () => this.requestFrame());
    this.controls.addEventListener('start', () => this.setAutoRotate(false));

    const draco = new DRACOLoader();
    const ktx2 = new AppKTX2Loader(appBase);
    ktx2.detectSupport(this.renderer);
    this.loaders = { draco, ktx2 };
    this.resize(size);
  }

  /** Loads the environment and the model; onReady follows with the first frame. */
  async load(url: string, files: Record<string, string>): Promise<void> {
    const manager = new LoadingManager();
    manager.setURLModifier(fileResolver(url, files));
    const loader = new GLTFLoader(manager);
    loader.setDRACOLoader(this.loaders.draco);
    loader.setKTX2Loader(this.loaders.ktx2);
    loader.setMeshoptDecoder(MeshoptDecoder);

    // The two downloads (the model, the environment) stop when the item is left; what is
    // already downloaded is parsed and dropped.
    const [environment, gltf] = await Promise.all([
      loadBakedEnvironment(this.renderer, environmentUrl, this.downloads.abortController.signal),
      this.download(url).then((bytes) =>
        loader.parseAsync(bytes, LoaderUtils.extractUrlBase(url)).catch((error: unknown) => {
          throw new SceneError('damaged', detail(error));
        }),
      ),
    ]);
    if (this.disposed) {
      environment.dispose();
      disposeObject(gltf.scene);
      return;
    }
    this.environment = environment;
    this.scene.environment = environment.texture;

    this.model = gltf.scene;
    this.scene.add(gltf.scene);
    if (gltf.animations.length) {
      this.mixer = new AnimationMixer(gltf.scene);
      this.actions = gltf.animations.map((clip) => this.mixer!.clipAction(clip));
      this.setPlaying(true);
    }
    this.frameModel();

    let meshes = 0;
    let triangles = 0;
    gltf.scene.traverse((o) => {
      if (o instanceof Mesh) {
        meshes++;
        const g = o.geometry;
        triangles += (g.index ? g.index.count : (g.attributes.position?.count ?? 0)) / 3;
      }
    });
    const size = new Box3().setFromObject(gltf.scene).getSize(new Vector3());
    this.info = { meshes, triangles: Math.round(triangles), animations: gltf.animations.map((a) => a.name), size: [size.x, size.y, size.z] };
    this.requestFrame();
  }

  /** The model file's bytes, reporting progress; aborted by dispose(). */
  private async download(url: string): Promise<ArrayBuffer> {
    const response = await fetch(url, { signal: this.downloads.abortController.signal }).catch((error: unknown) => {
      throw new SceneError('unreadable', detail(error));
    });
    if (!response.ok) throw new SceneError('unreadable', `HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || null;
    if (!response.body) return response.arrayBuffer();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      this.events.onProgress(loaded, total);
    }
    const bytes = new Uint8Array(loaded);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes.buffer;
  }

  /** Puts the camera where the whole model fits, whatever its size and position. */
  private frameModel(): void {
    if (!this.model) return;
    const box = new Box3().setFromObject(this.model);
    const sphere = box.isEmpty() ? new Sphere(new Vector3(), 1) : box.getBoundingSphere(new Sphere());
    const radius = sphere.radius > 0 && Number.isFinite(sphere.radius) ? sphere.radius : 1;
    const fov = (this.camera.fov * Math.PI) / 180;
    const fitHeight = radius / Math.sin(fov / 2);
    const fitWidth = radius / Math.sin(Math.atan(Math.tan(fov / 2) * this.camera.aspect));
    const distance = Math.max(fitHeight, fitWidth) * 1.08;
    const direction = new Vector3(0.55, 0.35, 1).normalize();
    this.camera.position.copy(sphere.center).addScaledVector(direction, distance);
    this.camera.near = Math.max(distance / 1000, radius / 1000);
    this.camera.far = distance * 100 + radius * 10;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(sphere.center);
    this.controls.minDistance = radius * 0.05;
    this.controls.maxDistance = distance * 20;
    this.controls.update();
    this.controls.saveState();
  }

  /** Back to the view the model opened with. */
  resetView(): void {
    // reset() keeps the damping's momentum, so a model still gliding after a drag would drift
    // off the home view: spend the momentum at once (no damping), then reset.
    this.controls.enableDamping = false;
    this.controls.update();
    this.controls.enableDamping = true;
    this.controls.reset();
    this.requestFrame();
  }

  /** Keyboard steps: the damping makes each one glide like a short drag. */
  nudge(turn: number, tilt: number, zoom: number): void {
    this.setAutoRotate(false);
    if (turn) this.controls.rotateLeft(turn);
    if (tilt) this.controls.rotateUp(tilt);
    if (zoom > 1) this.controls.dollyIn(zoom);
    else if (zoom > 0 && zoom < 1) this.controls.dollyOut(1 / zoom);
    this.requestFrame();
  }

  setPlaying(playing: boolean): void {
    if (!this.mixer) return;
    for (const action of this.actions) {
      action.paused = !playing;
      if (playing && !action.isRunning()) action.play();
    }
    this.playing = playing;
    this.timer.update(); // no jump after a pause
    this.events.onPlaying(playing);
    this.requestFrame();
  }

  setAutoRotate(on: boolean): void {
    if (this.controls.autoRotate !== on) this.events.onAutoRotate(on);
    this.controls.autoRotate = on;
    this.controls.autoRotateSpeed = 1.2;
    this.requestFrame();
  }

  resize(size: StageSize): void {
    const width = Math.max(1, size.width);
    const height = Math.max(1, size.height);
    this.element.setSize({ ...size, width, height });
    this.renderer.setPixelRatio(Math.min(size.pixelRatio || 1, 2));
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.disposed || this.frame) return;
    this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    if (this.disposed) return;
    this.timer.update();
    // Frames are drawn on demand: after a still spell the first delta is long; cap it.
    const delta = Math.min(this.timer.getDelta(), 0.1);
    const moving = this.controls.update(delta);
    if (this.mixer && this.playing) this.mixer.update(delta);
    this.renderer.render(this.scene, this.camera);
    if (this.info) {
      // The page is told once the picture is on screen, not when it is queued: the GPU may
      // still be busy with it (with software WebGL, for seconds). finish() waits for it here,
      // in the worker; the next animation frame comes after the frame is shown.
      const info = this.info;
      this.info = null;
      this.renderer.getContext().finish();
      requestAnimationFrame(() => this.disposed || this.events.onReady(info));
    }
    if (moving || (this.mixer && this.playing) || this.controls.autoRotate) this.requestFrame();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.downloads.abort();
    cancelAnimationFrame(this.frame);
    this.controls.dispose();
    this.timer.dispose();
    if (this.mixer) {
      this.mixer.stopAllAction();
      if (this.model) this.mixer.uncacheRoot(this.model);
    }
    disposeObject(this.scene);
    this.scene.clear();
    this.environment?.dispose();
    this.loaders.draco.dispose();
    this.loaders.ktx2.dispose();
    this.renderer.dispose();
    // Give the context back now rather than when the worker is torn down: browsers cap the
    // number of live WebGL contexts per page.
    this.renderer.forceContextLoss();
  }
}

/** Maps a URL a .gltf refers to (its buffers and textures, relative to the model) to the URL
 *  of the item's file of that name; anything else (data:, blob:, elsewhere) is left alone. */
export function fileResolver(modelUrl: string, files: Record<string, string>): (url: string) => string {
  const base = modelUrl.slice(0, modelUrl.lastIndexOf('/') + 1);
  const byName = filesByName(Object.entries(files));
  return (url) => {
    if (/^(data|blob):/i.test(url) || !url.startsWith(base)) return url;
    return fileForUri(byName, url.slice(base.length).split(/[?#]/)[0]!) ?? url;
  };
}

/** Frees the GPU side of everything under `root`. */
function disposeObject(root: Object3D): void {
  const textures = new Set<Texture>();
  const materials = new Set<Material>();
  root.traverse((o) => {
    const mesh = o as Mesh;
    mesh.geometry?.dispose();
    const list = Array.isArray(mesh.material) ? mesh.material : mesh.material ? [mesh.material] : [];
    for (const m of list) materials.add(m);
  });
  for (const m of materials) {
    for (const value of Object.values(m)) if (value && (value as Texture).isTexture) textures.add(value as Texture);
    m.dispose();
  }
  for (const t of textures) t.dispose();
}
