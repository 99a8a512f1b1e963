/** The catalog stores instants as ISO-8601 UTC strings; one clock for the whole core. */
export const nowIso = (): string => new Date().toISOString();
