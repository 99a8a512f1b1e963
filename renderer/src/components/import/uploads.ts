// Browser mode: a page cannot learn the path of a dropped folder or file, so it sends the files
// to the local server's upload route (same token as the API; see main/http/upload.ts), which
// stages them in the library and answers with their path there.
import { TOKEN_STORAGE_KEY } from '../../api/token.js';

export interface DroppedFile {
  file: File;
  /** Path inside what was dropped, "/"-separated ("龙.png", "青花瓶/model.glb"). */
  path: string;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: `${prefix}${entry.name}` });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches until an empty one.
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Every file of a drop, folders walked. A single dropped folder's own name is left out: its
 *  contents are what gets imported. */
export async function filesOfDrop(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const out: DroppedFile[] = [];
  if (entries.length === 1 && entries[0]!.isDirectory) {
    const reader = (entries[0] as FileSystemDirectoryEntry).createReader();
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, '', out);
    }
    return out;
  }
  if (entries.length) {
    for (const e of entries) await walk(e, '', out);
    return out;
  }
  return [...data.files].map((file) => ({ file, path: file.name }));
}

export function newBatchId(): string {
  return `drop-${crypto.randomUUID()}`;
}

function authHeader(): Record<string, string> {
  try {
    const token = sessionStorage.getItem(TOKEN_STORAGE_KEY);
    return token ? { Authorization: `Bearer ${token}` } : {};
  } catch {
    return {};
  }
}

/** Sends one file; answers where the server staged it (the batch folder and the file). */
export async function uploadFile(batch: string, f: DroppedFile): Promise<{ dir: string; path: string }> {
  const response = await fetch(`/api/upload?batch=${encodeURIComponent(batch)}&path=${encodeURIComponent(f.path)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...authHeader() },
    body: f.file,
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => null)) as { ok: boolean; result?: { dir: string; path: string }; error?: { message: string } } | null;
  if (!response.ok || !body?.ok || !body.result) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body.result;
}
