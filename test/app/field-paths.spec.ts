import { AppError } from '../../src/common/errors/app-error';
import {
  renameErrorFields,
  underPrefix,
  withFieldPaths,
} from '../../src/common/errors/field-paths';

describe('withFieldPaths: a use case names its own fields, the transport spells them', () => {
  const graphql = underPrefix('input.', ['idempotencyKey']);

  it('renames every cause and the message built from them, keeping the code', async () => {
    const error = AppError.badInput([
      { field: 'analysis.manifest', message: 'is required' },
      { field: 'idempotencyKey', message: 'must be 1..255 visible ASCII characters' },
    ]);
    const thrown = await withFieldPaths(Promise.reject(error), graphql).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        'input.analysis.manifest: is required; idempotencyKey: must be 1..255 visible ASCII characters',
      causes: [
        { field: 'input.analysis.manifest', message: 'is required' },
        { field: 'idempotencyKey', message: 'must be 1..255 visible ASCII characters' },
      ],
    });
  });

  it('renames a place inside a field (`manifest: spec.x`) by its field, diagnostics kept', () => {
    const error = new AppError(
      'BAD_USER_INPUT',
      'manifest: not saved, the manifest is not a Kubernetes object: bad: indentation',
      [{ field: 'manifest: spec.containers', message: 'bad', reason: 'SyntaxError', line: 3 }],
    );
    expect(renameErrorFields(error, graphql)).toMatchObject({
      message:
        'input.manifest: not saved, the manifest is not a Kubernetes object: bad: indentation',
      causes: [{ field: 'input.manifest: spec.containers', reason: 'SyntaxError', line: 3 }],
    });
  });

  it('keeps details, Retry-After and messages that name no cause', () => {
    const conflict = new AppError(
      'CONFLICT',
      'The scenario has moved on: its latest revision is 3, not 2; nothing was saved.',
      [{ field: 'expectedRevision', message: 'the latest revision is 3' }],
      7,
      { currentRevision: 3 },
    );
    const renamed = renameErrorFields(conflict, (f) => `x.${f}`) as AppError;
    expect(renamed.message).toBe(conflict.message);
    expect(renamed.causes[0]!.field).toBe('x.expectedRevision');
    expect(renamed.retryAfterSeconds).toBe(7);
    expect(renamed.details).toEqual({ currentRevision: 3 });
    const plain = new Error('boom');
    expect(renameErrorFields(plain, graphql)).toBe(plain);
  });

  it('passes a value through', async () => {
    await expect(withFieldPaths(Promise.resolve(42), graphql)).resolves.toBe(42);
  });
});
