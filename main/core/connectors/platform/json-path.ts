// JSON paths in platform profiles are RFC 9535 JSONPath, evaluated by `jsonpath-rfc9535`: a
// standard syntax with filters (`$.medias[?@.type=='image'].url`) that are parsed, never
// evaluated as code — profiles come from other people, so nothing in them may run.
import { query, type JsonValue } from 'jsonpath-rfc9535';
import parse from 'jsonpath-rfc9535/parser';

/** Why `path` is not a JSONPath query, or null when it is one. */
export function jsonPathProblem(path: string): string | null {
  if (!path.startsWith('$')) return 'a JSON path starts with $';
  try {
    parse(path);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const cache = new Map<string, true>();

/** Every value `path` selects in `doc` (an empty array when nothing matches). */
export function selectAll(doc: unknown, path: string): unknown[] {
  if (!cache.has(path)) {
    const problem = jsonPathProblem(path);
    if (problem) throw new Error(`invalid JSON path ${JSON.stringify(path)}: ${problem}`);
    cache.set(path, true);
  }
  return query(doc as JsonValue, path);
}

/** The first value `path` selects that is not null, or undefined. */
export function selectFirst(doc: unknown, path: string): unknown {
  return selectAll(doc, path).find((v) => v !== null && v !== undefined);
}

/** Builds the JSONPath of a list of keys/indexes, e.g. ['data', 'list'] → `$.data.list`. */
export function pathOf(keys: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key === -1 ? '*' : key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}
