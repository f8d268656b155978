import { onePerField } from '../api/field-errors.ts';
import { FIELD_LABELS, namedError } from '../api/field-labels.ts';
import { normalize } from '../api/normalize.ts';
import { fieldErrors, type SchemaName, type Schemas, validator } from '../api/spec.ts';
import { AppError, type FieldError } from '../errors.ts';

/**
 * Normalises a parsed body and validates it against a schema of
 * openapi.yaml; a failure is a 400 listing every failing field, once, with
 * its most telling reason (src/api/field-errors.ts). Where normalisation
 * already refused a field, the schema's complaint about the same field (now
 * absent) is left out. The request bodies of the Ekuaibao-compatible
 * endpoints (the schemas of src/api/field-labels.ts) name each field by
 * its Chinese name and show the value received (never a secret).
 */
export function validBody<Name extends SchemaName>(name: Name, body: unknown): Schemas[Name] {
  const { value, errors } = normalize(name, body);
  const refused = errors.map(pointerOf);
  const validate = validator(name);
  if (!validate(value)) {
    // A field normalisation refused is left out of the value: the schema's complaints at or in it, and
    // its "is required" (the refusal may point inside it, as for too deep nesting in a JSON-string array),
    // and its parent's "too few fields" (an unknown field refused, `{"appSecert":…}`, leaves `{}`).
    const covered = (error: FieldError) =>
      refused.some(
        (pointer) =>
          pointerOf(error) === pointer ||
          pointerOf(error).startsWith(`${pointer}/`) ||
          ((error.rule === 'required' || error.rule === 'minProperties') && pointer.startsWith(`${pointerOf(error)}/`)),
      );
    errors.push(...fieldErrors(validate.errors).filter((error) => !covered(error)));
  }
  if (errors.length > 0) {
    // A field the schema does not name has no Chinese name; it is named as sent, its value not shown (it may be a misspelt secret).
    const named =
      FIELD_LABELS[name] === undefined
        ? errors
        : errors.map((error) => (error.rule === 'additionalProperties' ? error : namedError(name, error, value, body, refused)));
    throw AppError.validation(onePerField(named, pointerOf));
  }
  return value as Schemas[Name];
}

function pointerOf(error: FieldError): string {
  return 'pointer' in error ? error.pointer : '';
}
