// How a .gltf's buffers and textures are found among an item's files: by the relative URI the
// .gltf gives, matched against the files' names — the whole path first, else its last part.
// Shared by the app's 3D viewer, the offline viewer and the bundle writer. No imports: both
// viewers bundle this.

/** The item's files by the names a .gltf may use for them: each file name (with / separators)
 *  and its last part (the first file to claim a last part keeps it). */
export function filesByName<T>(files: Iterable<readonly [fileName: string, value: T]>): Map<string, T> {
  const byName = new Map<string, T>();
  for (const [fileName, value] of files) {
    const name = fileName.replace(/\\/g, '/');
    byName.set(name, value);
    const last = name.split('/').pop()!;
    if (!byName.has(last)) byName.set(last, value);
  }
  return byName;
}

/** The file a relative URI of a .gltf names (percent-encoded or not, with or without ./). */
export function fileForUri<T>(byName: Map<string, T>, uri: string): T | undefined {
  let name = uri.replace(/^\.\//, '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded: as written
  }
  return byName.get(name) ?? byName.get(name.split('/').pop()!);
}
