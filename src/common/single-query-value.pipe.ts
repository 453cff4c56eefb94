import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { AppError } from './errors/app-error';

/**
 * A query parameter given more than once (`?kubernetesVersion=1.30&kubernetesVersion=1.31`)
 * arrives as a list; every query parameter of this API takes one value, so that is a
 * BAD_USER_INPUT naming the parameter, not a list handed on to code that expects a string.
 */
export class SingleQueryValue implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined || typeof value === 'string') {
      return value;
    }
    throw AppError.badInput([
      { field: metadata.data ?? 'query', message: 'must be given once, as one value' },
    ]);
  }
}
