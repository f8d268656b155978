import { normalize } from '../api/normalize.ts';
import { fieldErrors, type SchemaName, type Schemas, validator } from '../api/spec.ts';
import { AppError } from './errors.ts';

/**
 * Normalises a parsed body and validates it against a schema of
 * openapi.yaml; a failure is a 400 listing every failing field.
 */
export function validBody<Name extends SchemaName>(name: Name, body: unknown): Schemas[Name] {
  const { value, errors } = normalize(name, body);
  const validate = validator(name);
  if (!validate(value)) errors.push(...fieldErrors(validate.errors));
  if (errors.length > 0) throw AppError.validation(errors);
  return value as Schemas[Name];
}
