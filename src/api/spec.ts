/**
 * `openapi.yaml` is the single source of truth for request and response
 * bodies. It is read once, at start; ajv compiles each schema once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../errors.ts';
import type { components } from '../generated/openapi.ts';
import { chineseReason } from './field-errors.ts';

export type Schemas = components['schemas'];
export type SchemaName = keyof Schemas;

/** A JSON Schema node as it stands in the document (OpenAPI 3.1 is JSON Schema 2020-12). */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly 'x-aliases'?: readonly string[];
  readonly 'x-accepts-json-string'?: boolean;
  readonly 'x-error'?: string;
  readonly [keyword: string]: unknown;
}

const SPEC_ID = 'https://fapiao-hub.local/openapi.json';
/** Keywords of OpenAPI and of this document that are not JSON Schema validation keywords. */
const ANNOTATION_KEYWORDS = ['example', 'x-error', 'x-error-zh', 'x-aliases', 'x-accepts-json-string', 'x-enumDescriptions'];
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Finds `openapi.yaml` at the project's top, from `src/api` or `dist/src/api`. */
function specPath(): URL {
  for (const relative of ['../../openapi.yaml', '../../../openapi.yaml']) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error('openapi.yaml not found at the top of the project');
}

export const specText: string = readFileSync(specPath(), 'utf8');
const document = parseYaml(specText) as { components: { schemas: Record<string, SchemaNode> } };
export const schemas: Readonly<Record<string, SchemaNode>> = document.components.schemas;

function ajvFor(options: { coerceTypes: boolean }): Ajv2020 {
  const instance = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    verbose: true,
    keywords: [...ANNOTATION_KEYWORDS, 'components'],
    coerceTypes: options.coerceTypes,
    useDefaults: options.coerceTypes,
  });
  addFormats(instance);
  instance.addSchema({ $id: SPEC_ID, components: document.components });
  return instance;
}

/** Bodies: JSON has types, nothing is coerced. */
const ajv = ajvFor({ coerceTypes: false });
/**
 * Query strings: every value arrives as text, so this instance coerces to
 * the schema's type ("50" → 50) and fills in schema defaults.
 */
const queryAjv = ajvFor({ coerceTypes: true });

const validators = new Map<string, ValidateFunction>();
const queryValidators = new Map<string, ValidateFunction>();

function compiled(instance: Ajv2020, cache: Map<string, ValidateFunction>, name: SchemaName): ValidateFunction {
  let validate = cache.get(name);
  if (!validate) {
    validate = instance.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
    if (!validate) throw new Error(`schema ${name} is not in openapi.yaml`);
    cache.set(name, validate);
  }
  return validate;
}

/** The compiled validator of a named schema (compiled on first use, then kept). */
export function validator(name: SchemaName): ValidateFunction {
  return compiled(ajv, validators, name);
}

/** The validator of a named schema for query strings: coerces values and applies defaults, in place. */
export function queryValidator(name: SchemaName): ValidateFunction {
  return compiled(queryAjv, queryValidators, name);
}

/** Compiles every schema now, so that a broken document stops the start rather than a request. */
export function compileAll(): void {
  for (const name of Object.keys(schemas)) validator(name as SchemaName);
  for (const name of Object.keys(schemas)) if (name.endsWith('Query')) queryValidator(name as SchemaName);
}

/** Follows a `#/components/schemas/Name` reference. */
export function resolve(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = refName(node.$ref);
  const target = schemas[name];
  if (!target) throw new Error(`unknown reference ${node.$ref}`);
  return resolve(target);
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Turns ajv's errors into one message per failing field, with the field's JSON Pointer. */
export function fieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    const described = describe(error);
    if (described) out.push({ ...described, zh: chineseReason(error) });
  }
  return out;
}

function describe(error: ErrorObject): FieldError | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` keyword says what is wrong
    case 'required':
      return {
        pointer: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`,
        message: 'is required',
        rule: 'required',
      };
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        rule: 'enum',
      };
    case 'pattern':
    case 'format': {
      const custom = (error.parentSchema as SchemaNode | undefined)?.['x-error'];
      return {
        pointer: error.instancePath,
        message: typeof custom === 'string' ? custom : (error.message ?? 'is not valid'),
        rule: error.keyword,
      };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties':
      // The field that is not in the schema is the one to name (as query parameters are: http/query.ts).
      return {
        pointer: `${error.instancePath}/${escapePointer(String(params.additionalProperty ?? params.unevaluatedProperty))}`,
        message: 'is not a field of this operation',
        rule: error.keyword,
      };
    case 'type':
      return { pointer: error.instancePath, message: `must be ${article(String(params.type))}`, rule: 'type' };
    default:
      return { pointer: error.instancePath, message: error.message ?? 'is not valid', rule: error.keyword };
  }
}

function article(type: string): string {
  return type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
