/**
 * Query strings, validated against a schema of openapi.yaml: an object
 * schema whose properties are the operation's parameters (an `in: query`
 * parameter with `style: form, explode: true`). Values arrive as text and
 * are coerced to the schema's types in one place (`queryValidator`); schema
 * defaults are filled in. `accessToken` carries the token and is not a
 * parameter of any operation, so it is left out here.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Request } from 'express';
import { fieldErrors, queryValidator, type SchemaName, type Schemas, validator } from '../api/spec.ts';
import { AppError, type FieldError } from '../errors.ts';

/** The parameters of a query string, coerced and checked; a 400 naming every bad parameter otherwise. */
export function validQuery<Name extends SchemaName>(name: Name, query: Request['query']): Schemas[Name] {
  const errors: FieldError[] = [];
  // No prototype: a parameter named "__proto__" is an ordinary (unknown) parameter.
  const values: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(query)) {
    if (key === 'accessToken') continue;
    if (typeof value === 'string') values[key] = value;
    else errors.push({ parameter: key, message: 'must be given once', zh: '只能传一次' });
  }
  const validate = queryValidator(name);
  if (!validate(values)) {
    // One reason per parameter: the first the schema gives.
    const named = new Set(errors.map(parameterOf));
    for (const error of parameterErrors(validate.errors)) {
      if (named.has(parameterOf(error))) continue;
      named.add(parameterOf(error));
      errors.push(error);
    }
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return values as Schemas[Name];
}

/** ajv's errors as failing parameters, named by `parameter`. */
function parameterErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      out.push({
        parameter: String(params.additionalProperty ?? params.unevaluatedProperty),
        message: 'is not a parameter of this operation',
        zh: '不是本接口的参数',
      });
    } else if (error.keyword === 'minLength' && params.limit === 1) {
      out.push({ parameter: nameAt(error.instancePath), message: 'must not be empty', zh: '不能为空' });
    } else {
      for (const described of fieldErrors([error])) {
        if ('pointer' in described) {
          out.push({
            parameter: nameAt(described.pointer),
            message: described.message,
            ...(described.zh !== undefined && { zh: described.zh }),
          });
        }
      }
    }
  }
  return out;
}

/** `/invoiceDateFrom` → `invoiceDateFrom` (query objects are flat). */
function nameAt(pointer: string): string {
  return pointer.slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
}

function parameterOf(error: FieldError): string {
  return 'parameter' in error ? error.parameter : error.pointer;
}

/** A path parameter checked against a schema of openapi.yaml (`InvoiceId`, `PushId`); a 400 naming it otherwise. */
export function validPathId(name: SchemaName, value: string, parameter = 'id'): string {
  const validate = validator(name);
  if (!validate(value)) {
    throw AppError.validation(
      fieldErrors(validate.errors).map((error) => ({
        parameter,
        in: 'path' as const,
        message: error.message,
        ...(error.zh !== undefined && { zh: error.zh }),
      })),
    );
  }
  return value;
}
