// A folder in, groups of files out: one group per item. Files belong together when
//   1. a manifest (a CSV file, or a JSON list) names them in one row;
//   2. they sit in their own sub-folder that holds one item (a sidecar for the folder, or one
//      main file of each kind plus its certificate/thumbnail);
//   3. they share a base name ("龙.png", "龙.glb", "龙-证书.jpg", "龙.json").
// Nothing is read here but names and sidecars.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { safeJoin } from '../../fs/safe-path.js';
import { HoldfastError } from '../../errors.js';
import { classify, type Classified } from './classify.js';
import { readSidecar, type SidecarRecord } from './sidecar.js';

export interface ScannedFile {
  path: string;
  /** Path relative to the imported folder, with "/" separators. */
  rel: string;
  size: number;
  c: Classified;
}

export interface FileGroup {
  /** Shown while importing and used as the name when nothing better is known. */
  title: string;
  files: ScannedFile[];
  /** The sidecar record for this item and the file it came from. */
  sidecar: { record: SidecarRecord; file: ScannedFile } | null;
}

export interface ScanProblem {
  file: string;
  message: string;
}

export interface FolderScan {
  groups: FileGroup[];
  problems: ScanProblem[];
  fileCount: number;
  byteCount: number;
  /** Sidecars are read while scanning: already done when the import starts. */
  sidecarCount: number;
  sidecarBytes: number;
}

const MAX_FILES = 100_000;
const SKIP = new Set(['__MACOSX', 'Thumbs.db', 'desktop.ini', '$RECYCLE.BIN', 'node_modules']);
/** A sidecar with one of these names describes the folder it is in. */
const FOLDER_SIDECARS = new Set(['item', 'certificate', 'holdfast', 'metadata', 'info', '证书', '藏品信息']);

const posix = (p: string) => p.split(sep).join('/');

async function walk(root: string, signal?: AbortSignal, exclude?: string): Promise<{ files: ScannedFile[]; problems: ScanProblem[] }> {
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const pending = [root];
  while (pending.length) {
    if (signal?.aborted) break;
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: posix(relative(root, dir)) || '.', message: `cannot read this folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const path = join(dir, e.name);
      // Links are not followed: a link could lead anywhere on the disk, or round in a circle.
      if (e.isSymbolicLink()) {
        problems.push({ file: posix(relative(root, path)), message: 'a link, not followed' });
        continue;
      }
      // A folder that holds the library (a home folder) must not import the library's own files.
      if (e.isDirectory()) {
        if (path !== exclude) pending.push(path);
      }
      else if (e.isFile()) {
        if (files.length >= MAX_FILES) throw new HoldfastError('invalid_input', `${root} holds more than ${MAX_FILES} files; import its sub-folders one at a time`);
        let size = 0;
        try {
          size = (await stat(path)).size;
        } catch {
          // reported when the file is read
        }
        files.push({ path, rel: posix(relative(root, path)), size, c: classify(e.name) });
      }
    }
  }
  return { files, problems };
}

const folderOf = (f: ScannedFile) => posix(dirname(f.rel));
const isMain = (f: ScannedFile) => f.c.role !== 'certificate' && f.c.role !== 'thumbnail' && f.c.role !== 'poster' && f.c.role !== 'sidecar';

/** A sub-folder is one item when a sidecar says so, or when its files cannot be more than one
 *  item: at most one main file of each kind, and every certificate/thumbnail either unnamed or
 *  named like one of them. */
function isItemFolder(files: ScannedFile[], hasFolderSidecar: boolean): boolean {
  if (hasFolderSidecar) return true;
  const main = files.filter(isMain);
  if (!main.length) return false;
  const kinds = main.map((f) => f.c.kind);
  if (new Set(kinds).size !== kinds.length) return false;
  const stems = new Set(main.map((f) => f.c.stem));
  return files.filter((f) => !isMain(f) && f.c.role !== 'sidecar').every((f) => f.c.stem === '' || stems.has(f.c.stem));
}

export async function scanFolder(root: string, signal?: AbortSignal, exclude?: string): Promise<FolderScan> {
  const { files, problems } = await walk(root, signal, exclude);
  const claimed = new Set<ScannedFile>();
  const groups: FileGroup[] = [];
  const byRel = new Map(files.map((f) => [f.rel, f]));

  // Sidecars first: manifests claim the files they name; item sidecars wait for their group.
  const itemSidecars = new Map<string, { record: SidecarRecord; file: ScannedFile }>(); // key: folder + "\n" + stem ("" = the folder)
  for (const f of files.filter((x) => x.c.role === 'sidecar')) {
    let sidecar;
    try {
      sidecar = await readSidecar(f.path);
    } catch (error) {
      problems.push({ file: f.rel, message: (error as Error).message });
      claimed.add(f);
      continue;
    }
    claimed.add(f);
    const single = sidecar.records.length === 1 && !sidecar.manifest && sidecar.records[0]!.files.length === 0;
    if (single) {
      const stem = FOLDER_SIDECARS.has(f.c.stem) || f.c.stem === basename(folderOf(f)).toLowerCase() ? '' : f.c.stem;
      itemSidecars.set(`${folderOf(f)}\n${stem}`, { record: sidecar.records[0]!, file: f });
      continue;
    }
    sidecar.records.forEach((record, row) => {
      const members: ScannedFile[] = [];
      for (const name of record.files) {
        const target = safeJoin(dirname(f.path), name);
        const member = target ? byRel.get(posix(relative(root, target))) : undefined;
        if (!member) problems.push({ file: f.rel, message: `row ${row + 1} names ${JSON.stringify(name)}, which is not in the folder` });
        else if (claimed.has(member)) problems.push({ file: f.rel, message: `row ${row + 1}: ${member.rel} already belongs to another item` });
        else members.push(member);
      }
      members.forEach((m) => claimed.add(m));
      const title = record.fields.name ?? members[0]?.c.title ?? `${f.c.title} #${row + 1}`;
      groups.push({ title, files: members, sidecar: { record, file: f } });
    });
  }

  // The rest, folder by folder.
  const used = new Set<{ record: SidecarRecord; file: ScannedFile }>();
  const sidecarFor = (key: string) => {
    const found = itemSidecars.get(key) ?? null;
    if (found) used.add(found);
    return found;
  };
  const byFolder = new Map<string, ScannedFile[]>();
  for (const f of files) if (!claimed.has(f)) byFolder.set(folderOf(f), [...(byFolder.get(folderOf(f)) ?? []), f]);
  for (const [folder, members] of byFolder) {
    if (folder !== '.' && isItemFolder(members, itemSidecars.has(`${folder}\n`))) {
      // The folder's own sidecar, else one named like a file in it (翡翠.json beside 翡翠.png).
      const key = [`${folder}\n`, ...members.map((m) => `${folder}\n${m.c.stem}`)].find((k) => itemSidecars.has(k));
      groups.push({ title: basename(folder), files: members, sidecar: key ? sidecarFor(key) : null });
      continue;
    }
    const byStem = new Map<string, ScannedFile[]>();
    for (const f of members) {
      const stem = f.c.stem || f.c.title.toLowerCase();
      byStem.set(stem, [...(byStem.get(stem) ?? []), f]);
    }
    for (const [stem, same] of byStem) {
      const main = same.find(isMain) ?? same[0]!;
      groups.push({ title: main.c.title, files: same, sidecar: sidecarFor(`${folder}\n${stem}`) });
    }
  }
  // A sidecar with no files beside it still describes an item (its media may be lost).
  for (const sidecar of itemSidecars.values()) {
    if (!used.has(sidecar)) groups.push({ title: sidecar.record.fields.name ?? sidecar.file.c.title, files: [], sidecar });
  }
  const sidecars = files.filter((f) => f.c.role === 'sidecar');
  return {
    groups,
    problems,
    fileCount: files.length,
    byteCount: files.reduce((n, f) => n + f.size, 0),
    sidecarCount: sidecars.length,
    sidecarBytes: sidecars.reduce((n, f) => n + f.size, 0),
  };
}
