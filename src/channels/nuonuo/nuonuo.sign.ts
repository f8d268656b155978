/**
 * Nuonuo open platform signing (诺诺开放平台签名), used by the adapter and by
 * the simulator that checks it.
 *
 * A call is `POST {endpoint}/open/v1/services?senid=…&nonce=…&timestamp=…&appkey=…`
 * with the JSON content as body and the signature in `X-Nuonuo-Sign`:
 *
 *   Base64(HMAC-SHA1(appSecret, "a=services&l=v1&p=open&k={appKey}&i={senid}&n={nonce}&t={timestamp}&f={body}"))
 *
 * over the UTF-8 bytes, `body` being exactly the bytes sent.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';

export interface SignInput {
  readonly appKey: string;
  readonly appSecret: string;
  /** 32 characters, new for every call. */
  readonly senid: string;
  /** 8 digits. */
  readonly nonce: string;
  /** Seconds since the epoch, as a string of digits. */
  readonly timestamp: string;
  readonly body: string;
}

export function stringToSign(input: Omit<SignInput, 'appSecret'>): string {
  return `a=services&l=v1&p=open&k=${input.appKey}&i=${input.senid}&n=${input.nonce}&t=${input.timestamp}&f=${input.body}`;
}

export function nuonuoSignature(input: SignInput): string {
  return createHmac('sha1', Buffer.from(input.appSecret, 'utf8')).update(stringToSign(input), 'utf8').digest('base64');
}

/** Compares a received signature with the expected one in constant time. */
export function validNuonuoSignature(input: SignInput, received: string): boolean {
  const expected = Buffer.from(nuonuoSignature(input));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A 32-character unique id of a call (a UUID without its dashes, as Nuonuo's SDKs make it). */
export function newSenid(): string {
  return randomUUID().replaceAll('-', '');
}

/** An 8-digit positive number (first digit not 0). */
export function newNonce(): string {
  return String(randomInt(10_000_000, 100_000_000));
}

export function timestampOf(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}
