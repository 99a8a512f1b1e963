// Records the JSON a platform's pages receive, over the Chrome DevTools Protocol — the same
// protocol in Electron (`webContents.debugger`) and in Chromium driven by Playwright
// (`context.newCDPSession(page)`), so one recorder serves the app and the tests. Only JSON
// answers of XHR/fetch requests are kept, each at most 2 MB, at most 500 of them.
import type { RecordedResponse } from './recorded.js';

/** The part of a CDP session the recorder needs (an adapter for Electron's debugger, or Playwright's). */
export interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on(event: string, listener: (params: Record<string, unknown>) => void): void;
}

const MAX_BODY = 2_000_000;
const MAX_RESPONSES = 500;

export class CdpRecorder {
  readonly responses: RecordedResponse[] = [];
  private readonly pending = new Map<string, { url: string; method: string; status: number; mimeType: string }>();
  private readonly methods = new Map<string, string>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly cdp: CdpSession) {}

  async start(): Promise<void> {
    this.cdp.on('Network.requestWillBeSent', (p) => {
      const request = p.request as { method?: string } | undefined;
      this.methods.set(String(p.requestId), request?.method ?? 'GET');
    });
    this.cdp.on('Network.responseReceived', (p) => {
      const type = String(p.type ?? '');
      const response = p.response as { url: string; status: number; mimeType?: string };
      const mimeType = response.mimeType ?? '';
      if (!/json|javascript|text\/plain/i.test(mimeType) && type !== 'XHR' && type !== 'Fetch') return;
      if (type === 'Document' || type === 'Script' || type === 'Stylesheet' || type === 'Image' || type === 'Media') return;
      const id = String(p.requestId);
      this.pending.set(id, { url: response.url, method: this.methods.get(id) ?? 'GET', status: response.status, mimeType });
    });
    this.cdp.on('Network.loadingFinished', (p) => {
      const id = String(p.requestId);
      const meta = this.pending.get(id);
      if (!meta) return;
      this.pending.delete(id);
      const task = this.fetchBody(id, meta).finally(() => this.inflight.delete(task));
      this.inflight.add(task);
    });
    await this.cdp.send('Network.enable', { maxResourceBufferSize: MAX_BODY, maxTotalBufferSize: MAX_BODY * 20 });
  }

  private async fetchBody(requestId: string, meta: { url: string; method: string; status: number; mimeType: string }): Promise<void> {
    if (this.responses.length >= MAX_RESPONSES) return;
    try {
      const r = (await this.cdp.send('Network.getResponseBody', { requestId })) as { body: string; base64Encoded: boolean };
      const body = r.base64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body;
      if (body.length > MAX_BODY) return;
      this.responses.push({ ...meta, body });
    } catch {
      // The page went away before we asked; nothing to record.
    }
  }

  /** Waits for bodies still being read, then returns everything recorded so far. */
  async settle(): Promise<RecordedResponse[]> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
    return this.responses;
  }
}
