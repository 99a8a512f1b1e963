// How the files the preview pipeline made are marked in the catalog: a `holdfast-preview:`
// source URL with the file's key within its stage (e.g. 'thumbnail/768'). The core writes and
// reads them; the renderer looks for the 768 px thumbnail. No imports: the renderer bundles this.

export const GENERATED_SOURCE_PREFIX = 'holdfast-preview:';

/** Long sides of the two thumbnails, in pixels. */
export const THUMBNAIL_SIZES = { small: 256, large: 768 } as const;

/** The key of a thumbnail within the thumbnail stage. */
export const thumbnailKey = (size: keyof typeof THUMBNAIL_SIZES): string => `thumbnail/${THUMBNAIL_SIZES[size]}`;

/** The source URL of a file the preview pipeline made. */
export const generatedSource = (key: string): string => `${GENERATED_SOURCE_PREFIX}${key}`;
