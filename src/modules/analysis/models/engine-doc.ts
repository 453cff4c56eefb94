import { REST_SCHEMAS } from '../../../openapi/schemas.generated';

type Described = { description?: unknown };
type ObjectSchema = Described & { properties?: Record<string, Described> };

/**
 * The description the engine's JSDoc gives a report type, or one of its fields, as
 * `npm run openapi:generate` extracted it (src/openapi/schemas.generated.ts): GraphQL and OpenAPI
 * then say the same thing, written once. Throws when the engine has none, so the app does not boot
 * (and the schema tests fail) until the JSDoc is written.
 *
 *   @Field({ description: engineDoc<engine.ContainerReport>('ContainerReport', 'helper') })
 */
export function engineDoc<T extends object>(
  typeName: string,
  field?: Extract<keyof T, string>,
): string {
  const schema = REST_SCHEMAS[typeName] as ObjectSchema | undefined;
  const described = field === undefined ? schema : schema?.properties?.[field];
  const description = described?.description;
  if (typeof description !== 'string' || description.trim() === '') {
    const what = field === undefined ? typeName : `${typeName}.${field}`;
    throw new Error(
      `${what} has no JSDoc description in the engine (or npm run openapi:generate was not run after adding it)`,
    );
  }
  return description;
}
