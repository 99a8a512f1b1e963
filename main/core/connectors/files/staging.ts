// Where uploads from the browser mode wait inside the library folder before an import reads
// them. Its own module so the HTTP shell can name it without loading the importer.
export const STAGING_DIR = '.staging';
