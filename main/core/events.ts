// The backend's one event stream. Shells forward it to the UI (IPC push, or server-sent events).
import { EventEmitter } from 'node:events';
import type { ApiEvent } from '../api/contract.js';

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  emit(event: ApiEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
