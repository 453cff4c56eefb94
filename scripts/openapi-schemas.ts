// Component schemas of the OpenAPI document from the TypeScript types of src/openapi/rest-types.ts
// (ts-json-schema-generator, a development dependency: only the script and the drift test run it).
import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { REST_BODY_TYPES } from '../src/openapi/body-types';

export type JsonSchema = { [key: string]: unknown };

const ROOT = path.resolve(__dirname, '..');

/** JSON Schema's `#/definitions/X` references as OpenAPI's `#/components/schemas/X`. */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value && typeof value === 'object') {
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        k === '$ref' && typeof v === 'string'
          ? v.replace(/^#\/definitions\//, '#/components/schemas/')
          : toComponentRefs(v);
    }
    return out;
  }
  return value;
}

/** Every body type and what it refers to, by name, sorted. */
export function generateRestSchemas(): Record<string, JsonSchema> {
  const generator = createGenerator({
    path: path.join(ROOT, 'src', 'openapi', 'rest-types.ts'),
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  });
  const definitions: Record<string, unknown> = {};
  for (const type of REST_BODY_TYPES) {
    Object.assign(definitions, generator.createSchema(type).definitions ?? {});
  }
  const out: Record<string, JsonSchema> = {};
  for (const name of Object.keys(definitions).sort()) {
    out[name] = toComponentRefs(definitions[name]) as JsonSchema;
  }
  return out;
}
