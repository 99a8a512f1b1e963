// Orbit, zoom and pan for a model drawn in a worker. three's OrbitControls listen on a DOM
// element, which a worker does not have: the page forwards the canvas's pointer and wheel
// events (forwardControlEvents), and the worker gives the controls a stand-in element that
// replays them (ControlsElement). Only the fields the controls read cross over.
import type { ForwardedEvent, StageSize, ToWorker } from './protocol.js';

const POINTER_FIELDS = ['pointerId', 'pointerType', 'button', 'clientX', 'clientY', 'pageX', 'pageY', 'ctrlKey', 'metaKey', 'shiftKey'] as const;
const WHEEL_FIELDS = ['clientX', 'clientY', 'deltaY', 'deltaMode', 'ctrlKey', 'metaKey', 'shiftKey'] as const;

function pick(event: Event, fields: readonly (keyof ForwardedEvent)[]): ForwardedEvent {
  const out: Record<string, unknown> = { type: event.type };
  for (const field of fields) out[field] = (event as unknown as Record<string, unknown>)[field];
  return out as unknown as ForwardedEvent;
}

/** Page side: sends the canvas's pointer and wheel events to the worker; returns the undo. */
export function forwardControlEvents(canvas: HTMLCanvasElement, send: (message: ToWorker) => void): () => void {
  const down = new Set<number>();
  const forward = (target: 'element' | 'document', event: ForwardedEvent) => send({ type: 'event', target, event });
  const onPointerDown = (e: PointerEvent) => {
    // The page captures the pointer (the controls cannot from a worker), so a drag that leaves
    // the canvas still reaches it.
    canvas.setPointerCapture(e.pointerId);
    down.add(e.pointerId);
    forward('element', pick(e, POINTER_FIELDS));
  };
  // The controls follow a drag on the document; only moves of a pressed pointer matter.
  const onPointerMove = (e: PointerEvent) => {
    if (down.has(e.pointerId)) forward('document', pick(e, POINTER_FIELDS));
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!down.delete(e.pointerId)) return;
    forward(e.type === 'pointercancel' ? 'element' : 'document', pick(e, POINTER_FIELDS));
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault(); // zooming the model must not scroll the page
    forward('element', pick(e, WHEEL_FIELDS));
  };
  const onContextMenu = (e: Event) => e.preventDefault(); // right drag pans
  canvas.style.touchAction = 'none';
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('contextmenu', onContextMenu);
  return () => {
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerUp);
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('contextmenu', onContextMenu);
  };
}

/** Worker side: what OrbitControls use of their element, fed by the page's events. */
export class ControlsElement extends EventTarget {
  readonly ownerDocument = new EventTarget();
  clientWidth = 1;
  clientHeight = 1;
  /** The controls set the cursor here ('grab', 'grabbing'); the page puts it on the canvas. */
  readonly style: { touchAction: string; cursor: string };

  constructor(onCursor: (cursor: string) => void) {
    super();
    let cursor = 'auto';
    this.style = {
      touchAction: 'none',
      get cursor() {
        return cursor;
      },
      set cursor(value: string) {
        if (value !== cursor) onCursor(value);
        cursor = value;
      },
    };
  }

  // The controls scale drags by the element's size. (No getBoundingClientRect: only
  // zoomToCursor, which the viewer leaves off, asks for it.)
  setSize(size: StageSize): void {
    this.clientWidth = size.width;
    this.clientHeight = size.height;
  }

  // The page has already captured the pointer.
  setPointerCapture(): void {}
  releasePointerCapture(): void {}

  /** Replays a forwarded event on the element or on its document. */
  replay(target: 'element' | 'document', data: ForwardedEvent): void {
    const { type, ...fields } = data; // an Event's type is read-only
    const event = Object.assign(new Event(type, { cancelable: true }), fields);
    (target === 'document' ? this.ownerDocument : this).dispatchEvent(event);
  }
}
