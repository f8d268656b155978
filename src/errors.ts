/**
 * The one error class of the service and its codes. Services, repositories,
 * jobs and the CLI throw it; it knows nothing of HTTP frameworks. The HTTP
 * layer (http/errors.ts) renders it as a problem document with its status;
 * the CLI prints its detail.
 */
import type { components } from './generated/openapi.ts';

type Schemas = components['schemas'];

/** The stable codes of errors (schema `Problem` in openapi.yaml). */
export type ErrorCode = Schemas['Problem']['code'];

/**
 * A failing body field (by JSON Pointer) or query parameter (by name), and
 * why. `rule` names the check that failed (for metrics; not sent to
 * clients); `finding`, the code of a finding the channel refuses.
 */
export type FieldError = (
  | { readonly pointer: string; readonly message: string; readonly finding?: Schemas['FindingCode'] }
  | { readonly parameter: string; readonly message: string }
) & { readonly rule?: string };

export class AppError extends Error {
  /** The HTTP status it is answered with. */
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** Headers that go with the answer (`Retry-After`, `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(status: number, code: ErrorCode, detail: string, errors?: readonly FieldError[], headers?: Readonly<Record<string, string>>) {
    super(detail);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.headers = headers;
  }

  /** A 400 listing the failing fields. */
  static validation(errors: readonly FieldError[]): AppError {
    const first = errors[0];
    const detail =
      errors.length === 1 && first ? `${subject(first)} ${first.message}` : `${errors.length} fields are not valid; see errors`;
    return new AppError(400, 'validation_failed', detail, errors);
  }
}

function subject(error: FieldError): string {
  if ('parameter' in error) return `query parameter ${error.parameter}`;
  return error.pointer === '' ? 'the body' : error.pointer;
}
