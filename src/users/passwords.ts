/**
 * Console passwords. Stored as scrypt hashes (auth/secrets.ts, as apps'
 * secrets). A password made by fapiao-hub (a new user, a reset) is shown
 * once and must be changed at the next sign-in; a password a person
 * chooses follows NIST SP 800-63B: at least 8 characters, no composition
 * rules, not the login name, not the password it replaces.
 */
import { randomInt } from 'node:crypto';
import type { FieldError } from '../errors.ts';

/** No 0/O, 1/l/I: read off a screen and typed by a person. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from 57: about 93 bits. */
export function oneTimePassword(): string {
  let password = '';
  for (let i = 0; i < 16; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/**
 * Why a chosen password is refused, or undefined; `pointer` names the body
 * field. Its length (8 to 200 characters) is checked by the schema
 * (`ConsolePasswordChange` in openapi.yaml).
 */
export function newPasswordProblem(password: string, name: string, pointer: string): FieldError | undefined {
  if (password.toLowerCase() === name.toLowerCase()) return { pointer, message: 'must not be the login name', zh: '不能与用户名相同' };
  return undefined;
}
