// What kind of file a blob is, from its bytes (never from a URL or a name alone: sources lie).
import { fileTypeFromBuffer } from 'file-type';
import type { MediaType } from '../../api/contract.js';

const TEXT_SNIFF_BYTES = 1024;

/** MIME type of the first bytes of a file; text formats the binary sniffer cannot see are
 *  recognised here (SVG, JSON, HTML). Falls back to application/octet-stream. */
export async function sniffMime(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  // The binary sniffer calls every XML document application/xml; SVG is XML we must tell apart.
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  const text = Buffer.from(head.subarray(0, TEXT_SNIFF_BYTES)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return 'image/svg+xml';
  if (/^<!DOCTYPE html|^<html[\s>]/i.test(text)) return 'text/html';
  if (/^[[{]/.test(text)) return 'application/json';
  if (detected) return detected.mime;
  return 'application/octet-stream';
}

export function mediaTypeOfMime(mime: string): MediaType {
  if (mime === 'model/gltf-binary' || mime === 'model/gltf+json') return 'model';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'text/html') return 'html';
  return 'other';
}
