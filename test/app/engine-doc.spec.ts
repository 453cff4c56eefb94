import type * as engine from '../../src/engine';
import { engineDoc } from '../../src/modules/analysis/models/engine-doc';
import { REST_SCHEMAS } from '../../src/openapi/schemas.generated';

// GraphQL descriptions read from the engine's JSDoc (through the generated OpenAPI schemas) say
// what the OpenAPI document says, and a missing JSDoc stops the app instead of shipping silence.
describe('engineDoc', () => {
  it('returns the JSDoc of a type and of a field, as the OpenAPI schemas carry it', () => {
    const schema = REST_SCHEMAS.ContainerReport as {
      properties: Record<string, { description: string }>;
    };
    expect(engineDoc<engine.ContainerReport>('ContainerReport', 'helper')).toBe(
      schema.properties.helper!.description,
    );
    expect(engineDoc('RecognisedHelper')).toMatch(/helper recognised from the container image/);
  });

  it('refuses a type or field without JSDoc', () => {
    expect(() => engineDoc<{ notAField: unknown }>('AnalysisReport', 'notAField')).toThrow(
      /AnalysisReport.notAField has no JSDoc description/,
    );
    expect(() => engineDoc('NoSuchType')).toThrow(/NoSuchType has no JSDoc description/);
  });
});
