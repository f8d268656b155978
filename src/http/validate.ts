import { normalize } from '../api/normalize.ts';
import { fieldErrors, type SchemaName, type Schemas, validator } from '../api/spec.ts';
import { AppError, type FieldError } from '../errors.ts';

/**
 * Normalises a parsed body and validates it against a schema of
 * openapi.yaml; a failure is a 400 listing every failing field. Where
 * normalisation already refused a field, the schema's complaint about the
 * same field (now absent) is left out.
 */
export function validBody<Name extends SchemaName>(name: Name, body: unknown): Schemas[Name] {
  const { value, errors } = normalize(name, body);
  const validate = validator(name);
  if (!validate(value)) {
    const refused = errors.map(pointerOf);
    // A field normalisation refused is left out of the value: the schema's complaints at or in it, and
    // its "is required" (the refusal may point inside it, as for too deep nesting in a JSON-string array).
    const covered = (error: FieldError) =>
      refused.some(
        (pointer) =>
          pointerOf(error) === pointer ||
          pointerOf(error).startsWith(`${pointer}/`) ||
          (error.rule === 'required' && pointer.startsWith(`${pointerOf(error)}/`)),
      );
    errors.push(...fieldErrors(validate.errors).filter((error) => !covered(error)));
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return value as Schemas[Name];
}

function pointerOf(error: FieldError): string {
  return 'pointer' in error ? error.pointer : '';
}
