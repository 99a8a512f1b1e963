// Recorded responses: what capture mode works from. They come from the sign-in window's CDP
// recorder, or from a HAR file the user saved in their browser's developer tools (browser mode).
import { HoldfastError } from '../errors.js';

export interface RecordedResponse {
  url: string;
  method: string;
  status: number;
  mimeType: string;
  body: string;
}

/** A recorded response whose body is JSON, parsed. */
export interface JsonResponse {
  url: URL;
  method: string;
  status: number;
  json: unknown;
}

export function parseRecorded(responses: readonly RecordedResponse[]): JsonResponse[] {
  const out: JsonResponse[] = [];
  for (const r of responses) {
    if (r.status < 200 || r.status >= 300) continue;
    let url: URL;
    let json: unknown;
    try {
      url = new URL(r.url);
      json = JSON.parse(r.body);
    } catch {
      continue;
    }
    if (json && typeof json === 'object') out.push({ url, method: r.method.toUpperCase(), status: r.status, json });
  }
  return out;
}

/** The responses in a HAR 1.2 file (as Chromium's and Firefox's developer tools save them). */
export function responsesFromHar(text: string): RecordedResponse[] {
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch {
    throw new HoldfastError('invalid_input', 'the HAR file is not JSON');
  }
  const entries = (har as { log?: { entries?: unknown } })?.log?.entries;
  if (!Array.isArray(entries)) throw new HoldfastError('invalid_input', 'the file is not a HAR file (no log.entries)');
  const out: RecordedResponse[] = [];
  type HarEntry = {
    request?: { url?: unknown; method?: unknown };
    response?: { status?: unknown; content?: { text?: unknown; encoding?: unknown; mimeType?: unknown } };
  };
  for (const e of entries as HarEntry[]) {
    const content = e?.response?.content;
    if (!content || typeof content.text !== 'string') continue;
    const text = content.text;
    const body = content.encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
    out.push({
      url: String(e.request?.url ?? ''),
      method: String(e.request?.method ?? 'GET'),
      status: Number(e.response?.status ?? 0),
      mimeType: String(content.mimeType ?? ''),
      body,
    });
  }
  return out;
}
