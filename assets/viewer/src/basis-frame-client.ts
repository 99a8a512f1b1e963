// The page's side of viewer/basis-frame.html (see basis-frame.ts): KTX2Loader's worker pool
// gets stand-ins for its workers that pass every message through the frame, where the real
// workers run under the frame's policy (code generation allowed) instead of the page's (not).
const FRAME_PATH = 'viewer/basis-frame.html';

let frame: Promise<Window> | null = null;
let nextWorker = 1;
const standIns = new Map<number, FrameWorker>();

type FromFrame = { ready: true } | { worker: number; data: unknown } | { worker: number; error: string };

/** The hidden frame, started once per page. */
export function transcoderFrame(): Promise<Window> {
  frame ??= new Promise<Window>((resolve, reject) => {
    const iframe = document.createElement('iframe');
    // Sandboxed: an origin of its own, no access to the page, no forms, popups or navigation.
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.hidden = true;
    iframe.title = 'KTX2 transcoder';
    const timer = setTimeout(() => reject(new Error(`${FRAME_PATH} did not start`)), 20_000);
    addEventListener('message', (event: MessageEvent<FromFrame>) => {
      if (event.source !== iframe.contentWindow || !event.data) return;
      const message = event.data;
      if ('ready' in message) {
        clearTimeout(timer);
        resolve(iframe.contentWindow!);
      } else if ('error' in message) {
        // KTX2Loader turns a { type: 'error' } answer into a rejected texture: the page says why.
        standIns.get(message.worker)?.deliver({ type: 'error', error: message.error });
      } else standIns.get(message.worker)?.deliver(message.data);
    });
    iframe.src = FRAME_PATH;
    document.body.append(iframe);
  });
  return frame;
}

/** What three's WorkerPool uses of a Worker: postMessage, a 'message' listener, terminate. */
export class FrameWorker {
  private readonly id = nextWorker++;
  private readonly listeners = new Set<(event: { data: unknown }) => void>();

  constructor(private readonly target: Window) {
    standIns.set(this.id, this);
  }

  postMessage(data: unknown, transfer: Transferable[] = []): void {
    this.target.postMessage({ type: 'post', worker: this.id, data }, '*', transfer);
  }

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    if (type === 'message') this.listeners.add(listener);
  }

  removeEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    if (type === 'message') this.listeners.delete(listener);
  }

  terminate(): void {
    this.target.postMessage({ type: 'terminate', worker: this.id }, '*');
    standIns.delete(this.id);
  }

  deliver(data: unknown): void {
    for (const listener of this.listeners) listener({ data });
  }
}
