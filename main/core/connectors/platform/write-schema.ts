// Writes the published JSON Schema of platform profiles from the zod definition:
//   npx tsx main/core/connectors/platform/write-schema.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileJsonSchema } from './profile.js';

export const SCHEMA_PATH = join(import.meta.dirname, '..', '..', '..', '..', 'assets', 'platform-profiles', 'schema.json');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_PATH}`);
}
